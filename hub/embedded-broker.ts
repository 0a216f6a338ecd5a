import { type ChildProcess, spawn } from 'node:child_process';
import { IngestRuntimeError } from '../connectors/errors.ts';

export interface EmbeddedBroker {
  /** Bootstrap address, e.g. `127.0.0.1:40643`. */
  bootstrap: string;
  stop(): Promise<void>;
}

const KCAT_INSTALL_HINT = 'install it with: sudo apt-get install kcat (Debian/Ubuntu)';

/**
 * Starts librdkafka's built-in Kafka-protocol broker through `kcat` for
 * development and tests. It keeps nothing on disk and only about 5 MiB per
 * partition, and auto-creates topics (4 partitions) on first use. The kcat
 * process idles as a consumer of a private topic; the broker lives as long
 * as it does. Its address is read from librdkafka's notice on stderr.
 */
export async function startEmbeddedBroker({ kcatPath = 'kcat', timeoutMs = 10_000 } = {}): Promise<EmbeddedBroker> {
  const kcatArgs = ['-b', '127.0.0.1:1', '-X', 'test.mock.num.brokers=1', '-C', '-t', '__hub.embedded-broker', '-q', '-o', 'end'];
  // Ctrl-C in a terminal reaches the whole process group, and kcat exits on
  // it at once; in a group of its own the broker outlives the signal, so the
  // hub can drain and commit before stopping it.
  const child = spawn(kcatPath, kcatArgs, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  // The broker lives as long as this process, however it ends.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  const bootstrap = await new Promise<string>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(new IngestRuntimeError('BROKER_START_FAILED', `kcat did not report a broker address within ${timeoutMs} ms`, false)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'ENOENT'
          ? new IngestRuntimeError('KCAT_MISSING', `kcat was not found; the embedded broker needs it: ${KCAT_INSTALL_HINT}. Or set KAFKA_BROKERS to use a Kafka cluster.`, false, { cause: error })
          : new IngestRuntimeError('BROKER_START_FAILED', `kcat could not start: ${error.message}`, false, { cause: error }),
      ),
    );
    const exitedEarly = (code: number | null) => fail(new IngestRuntimeError('BROKER_START_FAILED', `kcat exited with code ${code} before the broker was up: ${seen.slice(-500)}`, false));
    child.once('exit', exitedEarly);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      seen = (seen + chunk).slice(-4000);
      const match = /replaced with (\d+\.\d+\.\d+\.\d+:\d+)/.exec(seen);
      if (match?.[1]) {
        clearTimeout(timer);
        child.removeListener('exit', exitedEarly);
        resolve(match[1]);
      }
    });
  });
  // Keep draining stderr so kcat never blocks on a full pipe.
  child.stderr?.resume();
  return { bootstrap, stop: () => stopChild(child) };
}

/**
 * The embedded broker holds nothing worth a graceful close (it keeps no data
 * on disk), and kcat sometimes takes seconds to honour SIGTERM, so it is killed outright.
 */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
