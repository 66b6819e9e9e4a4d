import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the catcher received it: the envelope's addresses and the raw text. */
export type CaughtMail = { from: string; to: string[]; raw: string };

export type SmtpCatcher = { url: string; stop: () => Promise<void> };

/** A real SMTP server on loopback that hands every message it receives to `onMail`. */
export const startSmtpCatcher = async (onMail: (mail: CaughtMail) => void): Promise<SmtpCatcher> => {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        onMail({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
};

const fromQuotedPrintable = (text: string) =>
  text.replace(/=\r?\n/g, '').replace(/(=[0-9A-F]{2})+/g, (match) =>
    Buffer.from(
      match
        .split('=')
        .filter(Boolean)
        .map((hex) => parseInt(hex, 16)),
    ).toString('utf8'),
  );

/**
 * A caught message's text, every MIME part decoded whatever transfer encoding nodemailer picked (it
 * switches from quoted-printable to base64 when most characters are Cyrillic); headers stay as sent.
 */
export const mailText = (raw: string): string =>
  raw
    .split(/\r?\n--[^\r\n]+/)
    .map((part) => {
      const split = part.search(/\r?\n\r?\n/);
      const head = split < 0 ? part : part.slice(0, split);
      const body = split < 0 ? '' : part.slice(split).trim();
      return /content-transfer-encoding:\s*base64/i.test(head)
        ? `${head}\n\n${Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')}`
        : fromQuotedPrintable(part);
    })
    .join('\n');
