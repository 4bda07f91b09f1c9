/**
 * Reads the V8 heap of another Node process through its inspector
 * (started with --inspect=127.0.0.1:PORT), after a full GC.
 */
export async function heapUsedBytes(port: number): Promise<number> {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const ws = new WebSocket(targets[0].webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let nextId = 0;
  const call = (method: string) =>
    new Promise<any>(resolve => {
      const id = ++nextId;
      ws.addEventListener('message', function onMessage(event) {
        const message = JSON.parse(String(event.data));
        if (message.id === id) {
          ws.removeEventListener('message', onMessage);
          resolve(message.result);
        }
      });
      ws.send(JSON.stringify({ id, method }));
    });
  await call('HeapProfiler.collectGarbage');
  const usage = await call('Runtime.getHeapUsage');
  ws.close();
  return usage.usedSize;
}

/** Resident set size of a process, from /proc. */
export async function rssBytes(pid: number): Promise<number> {
  const { readFileSync } = await import('fs');
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match?.[1] ?? NaN) * 1024;
}
