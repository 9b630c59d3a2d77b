/**
 * Reads an SDK collection page by page, following the `Link: <…>; rel="next"` header Okta sends
 * while there are more results (https://developer.okta.com/docs/api/#pagination), and says whether
 * it got to the end. A page that fails after the executor's retries ends the listing: the items read
 * so far come back with `complete: false` and the reason, never as if they were everything.
 */
import type { Collection } from '@okta/okta-sdk-nodejs';
import { describeOktaError, statusOf } from './okta-client.ts';

export interface PagedRead<T> {
  items: T[];
  pages: number;
  complete: boolean;
  error?: string;
  /** The HTTP status of the failure, when there was one. */
  status?: number;
}

export async function readPages<T>(what: string, open: () => Promise<Collection<T>>): Promise<PagedRead<T>> {
  const items: T[] = [];
  let pages = 0;
  try {
    const collection = await open();
    while (collection.nextUri) {
      const page = (await collection.getNextPage()) as unknown as T[];
      pages += 1;
      items.push(...page);
    }
    return { items, pages, complete: true };
  } catch (error) {
    const status = statusOf(error);
    return { items, pages, complete: false, error: `${describeOktaError(error)} (${what}, page ${pages + 1})`, ...(status === undefined ? {} : { status }) };
  }
}
