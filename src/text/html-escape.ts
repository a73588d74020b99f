/**
 * Escaping for the HTML report. Markup is built only with the `html` tag, which escapes every
 * interpolated value unless it is already SafeHtml: a string from a scenario, a header or a
 * response cannot become markup by being forgotten.
 */

/** Markup that is known to be safe: built by `html` or `raw`. */
export class SafeHtml {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Value = string | number | SafeHtml | readonly SafeHtml[] | null | undefined | false;

/** Text for an HTML element or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A template tag: html`<td>${name}</td>` escapes name; arrays of SafeHtml are joined; null, undefined and false render nothing. */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let text = strings[0] ?? '';
  values.forEach((value, index) => {
    text += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(text);
}

/** Markup written in this repository (the style sheet, the script): trusted, never from a report. */
export function raw(text: string): SafeHtml {
  return new SafeHtml(text);
}

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.text;
  if (Array.isArray(value)) return value.map((item: SafeHtml) => item.text).join('');
  return escapeHtml(String(value));
}

/**
 * JSON to embed in a <script> element. `<` is written as \u003c so that no string can close the
 * element (`</script>`) or open a comment; `>` and `&` likewise, and U+2028/U+2029, which end a
 * line in older JavaScript. JSON.parse reads every one of them back unchanged.
 */
export function jsonForScript(value: unknown): SafeHtml {
  const json = JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return new SafeHtml(json);
}
