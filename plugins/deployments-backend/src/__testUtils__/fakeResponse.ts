import { EventEmitter } from 'events';
import { Response } from 'express';

/** Just enough of an express Response to watch what the stream writes. */
export function fakeResponse() {
  const res = new EventEmitter() as EventEmitter & Record<string, unknown>;
  const chunks: string[] = [];
  Object.assign(res, {
    status: () => res,
    setHeader: () => res,
    flushHeaders: () => {},
    write: (chunk: string) => chunks.push(chunk),
    end: () => res.emit('close'),
    destroy: () => res.emit('close'),
    writableLength: 0,
  });
  return {
    res: res as unknown as Response,
    chunks,
    emitter: res,
    /** Whether the frame of the event with this id has been written. */
    hasFrame: (id: string) => chunks.some(c => c.startsWith(`id: ${id}\n`)),
  };
}
