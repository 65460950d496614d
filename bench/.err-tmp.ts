import { batchOf, readDevset, splitOf } from '../local/comprehend/devset';
import { detectSentiment } from '../local/comprehend/engine';
const rows = readDevset().filter((r) => splitOf(r.text) === 'tune' && (process.argv[2] ? batchOf(r) === process.argv[2] : true));
for (const r of rows) {
  const s = detectSentiment(r.text, r.language);
  if (s.Sentiment !== r.label) console.log(`${r.label.slice(0,3)}->${s.Sentiment.slice(0,3)} ${r.language} ${r.text}`);
}
