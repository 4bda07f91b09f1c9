/** Polls until `done` holds or the deadline passes; answers the last value read. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  deadlineMs = 30_000,
) {
  const deadline = Date.now() + deadlineMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}
