/**
 * Which lines of a file are finished, saved as we go so an interrupted run resumes where it
 * stopped. Lines finish out of order under concurrency, so it keeps the line below which
 * everything is finished plus the finished lines above it. A line that failed for a transient
 * reason (endpoint down, 5xx) never counts as finished, so a resumed run sends it again.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

interface Saved {
  file: string;
  doneThrough: number;
  done: number[];
}

export class Checkpoint {
  private doneThrough = 0;
  private readonly done = new Set<number>();
  /** Read but not finished: in flight, or failed transiently. */
  private readonly open = new Set<number>();
  private highestRead = 0;

  private constructor(private readonly path: string, private readonly file: string) {}

  /** Loads the checkpoint at `path` when it belongs to `file`; a fresh one otherwise. */
  static load(path: string, file: string, options: { restart?: boolean } = {}): Checkpoint {
    const checkpoint = new Checkpoint(path, file);
    if (!options.restart && existsSync(path)) {
      const saved = JSON.parse(readFileSync(path, 'utf8')) as Saved;
      if (saved.file === file) {
        checkpoint.doneThrough = saved.doneThrough;
        checkpoint.highestRead = saved.doneThrough;
        for (const line of saved.done) checkpoint.done.add(line);
      }
    }
    return checkpoint;
  }

  isDone(line: number): boolean {
    return line <= this.doneThrough || this.done.has(line);
  }

  started(line: number): void {
    this.open.add(line);
    this.highestRead = Math.max(this.highestRead, line);
  }

  finished(line: number): void {
    this.open.delete(line);
    this.done.add(line);
  }

  save(): void {
    const lowestOpen = Math.min(...this.open, this.highestRead + 1);
    this.doneThrough = Math.max(this.doneThrough, lowestOpen - 1);
    for (const line of this.done) if (line <= this.doneThrough) this.done.delete(line);
    const saved: Saved = { file: this.file, doneThrough: this.doneThrough, done: [...this.done].sort((a, b) => a - b) };
    writeFileSync(`${this.path}.tmp`, JSON.stringify(saved));
    renameSync(`${this.path}.tmp`, this.path);
  }
}
