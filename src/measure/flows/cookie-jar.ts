import { getSetCookies, Headers } from 'undici';

/**
 * A virtual user's cookies for the one origin it talks to. Set-Cookie lines are parsed by undici
 * (already loadlab's HTTP client); a cookie with Max-Age ≤ 0 or an Expires in the past is removed.
 * Path and domain are not matched: every request of a workload goes to the same origin.
 * (The issue asks for tough-cookie; it is not installed in this project: see the report.)
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Takes the Set-Cookie lines of an answer. */
  store(setCookie: string | string[] | undefined): void {
    if (setCookie === undefined) return;
    const headers = new Headers();
    for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) headers.append('set-cookie', line);
    const now = Date.now();
    for (const cookie of getSetCookies(headers)) {
      const expired = (cookie.maxAge !== undefined && cookie.maxAge <= 0) || (cookie.expires instanceof Date && cookie.expires.getTime() <= now);
      if (expired) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  /** The Cookie header to send; undefined when there is none. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    let text = '';
    for (const [name, value] of this.cookies) text += `${text === '' ? '' : '; '}${name}=${value}`;
    return text;
  }
}
