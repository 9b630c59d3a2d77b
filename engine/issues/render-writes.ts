/** The would-be writes of a dry run, as markdown a person can read before letting Evident act. */
import type { RecordedWrite } from './recording-tracker.ts';

export function renderWrites(location: string, writes: readonly RecordedWrite[]): string {
  const parts = writes
    .filter((write) => write.kind !== 'labels')
    .map((write) => {
      switch (write.kind) {
        case 'create':
          return `## Open ${location}#${write.number}: ${write.title}\n\nLabels: ${write.labels.map((l) => `\`${l}\``).join(', ')}\n\n${write.body}`;
        case 'comment':
          return `## Comment on ${location}#${write.number}\n\n${write.body}`;
        case 'update': {
          const { state, stateReason, title, labels } = write.patch;
          const what = [
            state === 'closed' ? `close as ${stateReason ?? 'completed'}` : state === 'open' ? 'reopen' : '',
            title === undefined ? '' : `title "${title}"`,
            labels === undefined ? '' : `labels ${labels.map((l) => `\`${l}\``).join(', ')}`,
            write.patch.body === undefined ? '' : 'body refreshed',
          ].filter(Boolean);
          return `## Update ${location}#${write.number}: ${what.join('; ')}`;
        }
        default:
          return '';
      }
    });
  return parts.length === 0 ? `No change to the issues in ${location}.\n` : `${parts.join('\n\n---\n\n')}\n`;
}
