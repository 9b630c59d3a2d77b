/**
 * HTML built by a tagged template that escapes every interpolated value unless it is itself HTML
 * built this way: text from evidence (resource names, messages, scopes) can only ever render as
 * text, never as markup (`<script>` in a resource name shows as `<script>`).
 */

export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

export type Interpolation = Html | string | number | boolean | null | undefined | readonly Interpolation[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for both element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

function render(value: Interpolation): string {
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false || value === true) return '';
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new Html(out);
}

/** `2026-11-02 09:00 UTC`: minutes are the precision every page shows. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** A `<time>` element whose machine-readable value is the full ISO time. */
export function time(iso: string | undefined, fallback = 'unknown'): Html {
  return iso === undefined ? html`<span class="muted">${fallback}</span>` : html`<time datetime="${iso}">${formatTime(iso)}</time>`;
}
