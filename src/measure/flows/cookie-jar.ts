import { CookieJar as ToughCookieJar } from 'tough-cookie';

/**
 * Every request of a workload goes to the one target; tough-cookie matches cookies by URL, so
 * paths are put on this origin (127.0.0.1 counts as secure, as a browser's localhost does).
 */
const origin = 'http://127.0.0.1';

/** A virtual user's cookies, kept by tough-cookie: Set-Cookie honoured (path, expiry), Cookie sent. */
export class CookieJar {
  // made at the first Set-Cookie: a user's first request (and a flow that never gets a cookie)
  // costs no jar and no lookup, which profiling showed as the largest part of a flow's own cost
  private jar: ToughCookieJar | undefined;

  /** Takes the Set-Cookie lines of the answer to a request for `path`. A line the jar refuses is left out. */
  store(setCookie: string | string[] | undefined, path: string): void {
    if (setCookie === undefined) return;
    const jar = (this.jar ??= new ToughCookieJar());
    for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) jar.setCookieSync(line, origin + path, { ignoreError: true });
  }

  /** The Cookie header to send with a request for `path`; undefined when there is none. */
  header(path: string): string | undefined {
    if (!this.jar) return undefined;
    const text = this.jar.getCookieStringSync(origin + path);
    return text === '' ? undefined : text;
  }
}
