/** A progress bar on stderr with rate and ETA; silent when stderr is not a terminal (CI, tests, pipes). */
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  tick(rejected: number): void;
  stop(): void;
}

export function progressBar(label: string, total: number, enabled = process.stderr.isTTY): Progress {
  if (!enabled) return { tick: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted} | rejected {rejected}`,
      etaBuffer: 200,
      hideCursor: true,
      stream: process.stderr,
    },
    Presets.shades_classic,
  );
  const started = Date.now();
  let value = 0;
  bar.start(total, 0, { rate: '0', rejected: 0 });
  return {
    tick(rejected) {
      value += 1;
      const seconds = (Date.now() - started) / 1000;
      bar.update(value, { rate: seconds > 0 ? (value / seconds).toFixed(0) : '0', rejected });
    },
    stop: () => bar.stop(),
  };
}
