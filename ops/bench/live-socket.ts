import WebSocket from 'ws';

export type LiveMessage = { type: string; position?: number; booking?: { id: string } };

const textOf = (data: WebSocket.RawData): string =>
  (Array.isArray(data) ? Buffer.concat(data) : data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');

/** Opens a socket and resolves once it is open and the hub's hello has arrived. */
export const openLiveSocket = (url: string, onMessage: (message: LiveMessage) => void): Promise<WebSocket> =>
  new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    let ready = false;
    socket.on('error', (error) => {
      if (!ready) reject(error);
    });
    socket.on('close', (code) => {
      if (!ready) reject(new Error(`live socket closed before hello (code ${code})`));
    });
    socket.on('message', (data) => {
      const message = JSON.parse(textOf(data)) as LiveMessage;
      if (message.type === 'hello' && !ready) {
        ready = true;
        resolve(socket);
        return;
      }
      onMessage(message);
    });
  });
