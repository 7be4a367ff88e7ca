// Loaded with `--import` (NODE_OPTIONS allows that, not --cpu-prof): profiles the whole process with the
// inspector and writes <HALLQ_CPU_PROFILE_DIR>/<pid>.cpuprofile when it exits, however it exits cleanly.
import { Session } from 'node:inspector';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.env.HALLQ_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 200 });
  session.post('Profiler.start');
  process.once('exit', () => {
    // An in-thread session answers synchronously, so this works inside 'exit'.
    session.post('Profiler.stop', (error, result) => {
      if (error) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
