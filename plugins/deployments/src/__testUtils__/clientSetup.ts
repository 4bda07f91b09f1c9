import { DeploymentsClient } from '../api/DeploymentsClient';

export const BASE = 'http://backend/api/deployments';

/** A DeploymentsClient over a fake fetch that records every request. */
export function setupClient(
  respond: (url: string, init?: RequestInit) => Response,
) {
  const calls: Array<{ url: string; init?: RequestInit }> = [];
  const fetchApi = {
    fetch: jest.fn(async (input: any, init?: RequestInit) => {
      calls.push({ url: String(input), init });
      return respond(String(input), init);
    }),
  };
  const discoveryApi = { getBaseUrl: jest.fn(async () => BASE) };
  const client = new DeploymentsClient({ discoveryApi, fetchApi });
  return { client, calls, discoveryApi };
}
