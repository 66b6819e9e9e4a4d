/** E-mail to staff (alerts, the owner's digest), as the application sends it; mail/ delivers it. */
export type Mailer = { send: (message: { to: string[]; subject: string; text: string }) => Promise<void> };
