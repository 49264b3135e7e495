// Preloaded into a child process (`node --import ./test/support/heap-peak.ts ...`): samples the V8 heap and the
// RSS every few milliseconds and, when the process exits normally, writes the peaks (bytes) as JSON to the file
// named by TAILWATCH_TEST_HEAP_FILE. A process that aborts on a full heap writes nothing: its exit tells.
import { writeFileSync } from 'node:fs';

export interface HeapPeak {
  heapUsed: number;
  heapTotal: number;
  rss: number;
  samples: number;
}

const file = process.env.TAILWATCH_TEST_HEAP_FILE;
if (file !== undefined && file !== '') {
  const peak: HeapPeak = { heapUsed: 0, heapTotal: 0, rss: 0, samples: 0 };
  const sample = (): void => {
    const memory = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, memory.heapUsed);
    peak.heapTotal = Math.max(peak.heapTotal, memory.heapTotal);
    peak.rss = Math.max(peak.rss, memory.rss);
    peak.samples += 1;
  };
  setInterval(sample, 5).unref();
  process.on('exit', () => {
    sample();
    writeFileSync(file, JSON.stringify(peak));
  });
}
