import type { IncomingMessage } from 'node:http';

/** A request's whole body as UTF-8 text, for the loopback fakes of outside services. */
export const requestText = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};
