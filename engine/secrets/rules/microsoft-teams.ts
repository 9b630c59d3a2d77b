/**
 * Microsoft Teams incoming webhook URLs (Office 365 connectors).
 * https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook
 * `https://<tenant>.webhook.office.com/webhookb2/<group>@<tenant>/IncomingWebhook/<32 hex>/<owner>`,
 * optionally followed by a signature part; the older host is `outlook.office.com/webhook/`. The URL
 * alone is enough to post into the channel. (Workflows webhooks live on Azure Logic Apps hosts.)
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const microsoftTeamsWebhookUrl = defineSecretRule({
  id: 'microsoft-teams-webhook-url',
  title: 'Microsoft Teams incoming webhook URL',
  docs: 'https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook',
  keywords: ['webhook.office.com', 'outlook.office.com/webhook', 'outlook.office365.com/webhook'],
  pattern: new RegExp(
    `https://(?:[A-Za-z0-9-]+\\.webhook\\.office\\.com/webhookb2|outlook\\.office(?:365)?\\.com/webhook)/(?<secret>${UUID}@${UUID}/IncomingWebhook/[0-9a-f]{32}/${UUID}(?:/[A-Za-z0-9_-]{20,80})?)(?![A-Za-z0-9_-])`,
  ),
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(/IncomingWebhook\/([0-9a-f]{32})/.exec(secret)?.[1] ?? ''),
  samples: {
    truePositives: [
      sample(
        'TEAMS_WEBHOOK_URL=https://acme.webhook.office.com/webhookb2/',
        '0a6a94a7-07f5-45a8-8360-7e786e2b04db@0cc1d564-c44b-4955-8d43-fd715889bfb4/IncomingWebhook/',
        '34c4c57264080d49578b927e3fc7b775/69d1c846-f1ed-41d1-932e-af2fc8a803cf',
      ),
      sample(
        '  teams_webhook: "https://outlook.office.com/webhook/',
        'e15879ed-9d96-4f86-ad3f-51c92d68ca98@6e831af1-eaab-4b6e-ad10-b5135e091388/IncomingWebhook/',
        '7bbff9001692f757b49577ff34787a23/0ed8f673-a4cd-4451-b01a-6e6e2bd1e628"',
      ),
      sample(
        `curl -H 'Content-Type: application/json' -d '{"text":"Deploy finished"}' https://contoso.webhook.office.com/webhookb2/`,
        '4ef38771-39f6-403b-8e75-e05f012104f5@16fcae14-efc3-4302-85be-16d31f429fc7/IncomingWebhook/',
        'a32f1cc27da671a6048360a70e57cc1b/ddab10e6-f585-4e60-a1b2-9509b006731d/V2mK7dQx4PzR8sT1uW3yZ5aB6cD9eF0gH2jL4nN',
      ),
    ],
    falsePositives: [
      'TEAMS_WEBHOOK_URL=https://acme.webhook.office.com/webhookb2/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx@xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx/IncomingWebhook/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx',
      'TEAMS_WEBHOOK_URL=https://acme.webhook.office.com/webhookb2/{group}@{tenant}/IncomingWebhook/{id}/{owner}',
      'Create the connector, then copy the https://<tenant>.webhook.office.com/webhookb2/… URL into the secret.',
    ],
  },
});
