import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, onTestFailed } from 'vitest';
import { PrinterSimulator } from '../../drivers/printer/simulator.ts';
import { SerialTransport } from '../../drivers/transport/serial.ts';
import { hasSocat, openPtyPair, type PtyPair } from '../drivers/transport/socat.ts';
import { AGENT_TOKEN, KIOSK_TOKEN, startDeviceServer, until, type DeviceTestServer } from './helpers.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The agent's print journal against kill -9: a real agent process (npm run agent) drives a serial
 * printer on a socat pty; the test plays the printer and kills the agent at chosen moments.
 */
describe.skipIf(!hasSocat)('device agent journal across SIGKILL (child process, real tty)', () => {
  let server: DeviceTestServer | undefined;
  let pty: PtyPair | undefined;
  let dir: string | undefined;
  let wire: SerialTransport | undefined;
  const children: ChildProcess[] = [];
  const agentLog: string[] = [];

  afterEach(async () => {
    for (const c of children.splice(0)) await kill(c, 'SIGTERM');
    await wire?.close().catch(() => undefined);
    await server?.stop();
    await pty?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    server = undefined;
    pty = undefined;
    dir = undefined;
    wire = undefined;
  });

  async function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  function startAgentProcess(devicesFile: string): ChildProcess {
    // One process (node with tsx's loader, not the tsx CLI, which would run the agent in a child): SIGKILL reaches the agent itself.
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'agent', 'main.ts'), '--server', server!.url, '--devices', devicesFile], {
      cwd: root,
      env: { ...process.env, HALLQ_AGENT_TOKEN: AGENT_TOKEN, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Its log only matters when the test fails: kept, not printed.
    child.stdout!.on('data', (c: Buffer) => agentLog.push(c.toString()));
    child.stderr!.on('data', (c: Buffer) => agentLog.push(c.toString()));
    children.push(child);
    return child;
  }

  const printed = (ticketId: string) => server!.ctx.engine.core.ticket(ticketId).printed;
  const journalState = (file: string, ticketId: string): string | undefined => {
    if (!existsSync(file)) return undefined;
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { jobs: { ticketId: string; state: string }[] };
      return data.jobs.find((j) => j.ticketId === ticketId)?.state;
    } catch {
      return undefined; // between the temporary file and the rename
    }
  };
  const agentPrinterReady = async (cookie: string) =>
    (await server!.api('GET', '/api/devices', { cookie })).body.devices.some((d: { device: string; state: string }) => d.device === 'G1/K1-printer' && d.state === 'ready');

  async function issue(): Promise<{ id: string; number: string }> {
    const r = await server!.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } });
    expect(r.status).toBe(200);
    return { id: r.body.ticketId as string, number: r.body.number as string };
  }

  it('a ticket whose bytes never left is printed after the restart exactly once; a sent one is never printed twice', { timeout: 180_000 }, async () => {
    onTestFailed(() => void process.stderr.write(agentLog.join('')));
    server = await startDeviceServer({ devices: false });
    pty = await openPtyPair();
    dir = mkdtempSync(path.join(tmpdir(), 'hallq-agent-kill-'));
    wire = new SerialTransport({ path: pty.b, baudRate: 115200, presenceCheckMs: 0 });
    await wire.open();
    const devicesFile = path.join(dir, 'kiosk.yaml');
    const journal = path.join(dir, 'kiosk.jobs.json');
    // A long DLE EOT wait: while nobody answers, a job stays queued in the agent, its bytes unsent.
    writeFileSync(devicesFile, `devices:\n  - { id: K1-printer, kind: printer, kiosk: K1, statusTimeoutMs: 60000, transport: { type: serial, path: ${pty.a}, baudRate: 115200 } }\n`);
    const cookie = await server.login('S001');

    // 1. The printer does not answer yet; the job is journalled as queued; kill -9.
    let agent = startAgentProcess(devicesFile);
    await until('the agent registered its printer', () => agentPrinterReady(cookie), 60_000);
    const first = await issue();
    await until('the job is journalled as queued', () => journalState(journal, first.id) === 'queued', 30_000);
    await kill(agent, 'SIGKILL');
    expect(printed(first.id)).toBeNull();

    // 2. The printer answers now. The restarted agent prints the queued ticket, once.
    const sim = new PrinterSimulator(wire);
    await sim.start();
    agent = startAgentProcess(devicesFile);
    await until('the queued ticket is printed and recorded', () => printed(first.id) === true, 60_000);
    const second = await issue(); // a barrier: jobs run in order, a duplicate of the first would come before it
    await until('the second ticket is recorded', () => printed(second.id) === true, 30_000);
    await until('both are cut', () => sim.tickets.length >= 2, 10_000);
    const numbers = () => sim.tickets.map((t) => t.lines.map((l) => l.text).find((x) => /^A\d{3}$/.test(x)));
    expect(numbers()).toEqual([first.number, second.number]);

    // 3. Killed the moment a ticket came out: after the restart it is not printed again.
    const cutThird = new Promise<void>((resolve) => {
      const onTicket = () => {
        if (sim.tickets.length < 3) return;
        sim.off('ticket', onTicket);
        agent.kill('SIGKILL');
        resolve();
      };
      sim.on('ticket', onTicket);
    });
    const third = await issue();
    await cutThird;
    await kill(agent, 'SIGKILL');
    agent = startAgentProcess(devicesFile);
    await until('the third ticket has its result', () => printed(third.id) !== null, 60_000);
    // A ticket issued while the kiosk's agent is away is reported not printed at once (by design), so
    // the next one waits until the restarted agent has registered its printer again.
    await until('the restarted agent registered its printer', () => agentPrinterReady(cookie), 60_000);
    const fourth = await issue();
    await until('the fourth ticket is recorded', () => printed(fourth.id) === true, 30_000);
    await until('four tickets are cut', () => sim.tickets.length >= 4, 10_000);
    expect(numbers()).toEqual([first.number, second.number, third.number, fourth.number]);
    // Killed between handing the bytes over and writing 'done', the agent cannot know the ticket came
    // out: it reports "not printed, reprint if nothing came out" rather than ever printing it again.
    const verdict = server.db.prepare("SELECT body FROM events WHERE type = 'ticket.print_result' AND ticket_id = ?").all(third.id) as { body: string }[];
    expect(verdict).toHaveLength(1);
    const data = JSON.parse(verdict[0]!.body).data as { printed: boolean; reason: string | null };
    if (!data.printed) expect(data.reason).toContain('补打');
    expect((await server.api('GET', '/api/devices', { cookie })).body.printJobsPending).toBe(0);
  });
});
