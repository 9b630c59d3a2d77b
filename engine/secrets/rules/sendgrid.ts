/**
 * SendGrid API keys.
 * https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys
 * `SG.`, a 22-character key id, `.`, a 43-character secret, both base64url. The keyword `SG.` also
 * occurs in `msg.`; the pattern is case-sensitive and anchored, so those lines cost one failed match.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const sendgridApiKey = defineSecretRule({
  id: 'sendgrid-api-key',
  title: 'SendGrid API key',
  docs: 'https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys',
  keywords: ['SG.'],
  pattern: /(?<![A-Za-z0-9_.-])(?<secret>SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_.-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(26)),
  samples: {
    truePositives: [
      sample('SENDGRID_API_KEY=', 'SG.', 'gERdY_EWXgA8oWD8Xo-wc_.n_I7c5c4KPTLR7SiVGoru9gmWdnk6-5mnr_ZP-tkpnA'),
      sample("sgMail.setApiKey('", 'SG.', "rmASX9ni0e2iue0qOPebHo.SiWMyoAVzHaoEWLVWFx-szOqLRtHmfREEfxXDBxmGW1');"),
      sample('  smtp_password = "', 'SG.', '-s45KL2H120Mky-LXWXc09.QiKbEoPZnIQhMYq5-63q1GWJCdCPDUvGtPCTJy4EEj7"'),
    ],
    falsePositives: [
      "sgMail.setApiKey(process.env.SENDGRID_API_KEY); const msg = { to, from, subject: 'Welcome' };",
      'SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'logger.info(msg.SG.status)',
    ],
  },
});
