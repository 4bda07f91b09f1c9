import http from 'http';

const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });

/**
 * A minimal SSE client for load tests: many thousands of them in one
 * process. It only looks for `id:` lines and reports when each arrives.
 */
export function listen(
  url: string,
  headers: Record<string, string>,
  onId: (id: string) => void,
): Promise<{ close(): void }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers, agent }, res => {
      if (res.statusCode !== 200) {
        reject(new Error(`stream answered ${res.statusCode}`));
        return;
      }
      res.setEncoding('utf8');
      let tail = '';
      res.on('data', (chunk: string) => {
        const text = tail + chunk;
        const lines = text.split('\n');
        tail = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('id: ')) onId(line.slice(4));
      });
      res.on('error', () => {});
      resolve({ close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}
