import nodemailer from 'nodemailer';
import type { Mailer } from '../core/messaging/mailer.ts';

/** E-mail through nodemailer's SMTP transport (SMTP_URL, e.g. smtp://user:pass@host:587). */
export const createSmtpMailer = (smtpUrl: string, from: string): Mailer => {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    send: async ({ to, subject, text }) => {
      await transport.sendMail({ from, to, subject, text });
    },
  };
};
