import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ConfigError,
  DataError,
  EIA_SERIES,
  HttpClient,
  fetchCsvBars,
  fetchEiaSeries,
  fetchNoaaDegreeDays,
  redactUrl,
  stooqDailyUrl,
} from "../../src/lib/data/index.js";

/** A local server replaying scripted responses; `handler` decides per request. */
type Handler = (req: IncomingMessage, url: URL, res: ServerResponse) => void;
let server: Server;
let base = "";
let handler: Handler = (_req, _url, res) => res.end("unset");
const seen: URL[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", base);
    seen.push(url);
    handler(req, url, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    return e as DataError;
  }
  throw new Error("expected a rejection");
}

const noSleep = { sleep: async (): Promise<void> => {} };
const KEY = "s3cretKEY42";

/** EIA v2 page in the documented shape. */
function eiaPage(total: number, rows: Array<[string, number | string | null]>): string {
  return JSON.stringify({
    response: {
      total: String(total),
      dateFormat: "YYYY-MM-DD",
      frequency: "daily",
      data: rows.map(([period, value]) => ({ period, series: "RNGWHHD", "series-description": "Henry Hub", value, units: "$/MMBTU" })),
      description: "Natural gas spot prices",
    },
    request: { command: "/v2/natural-gas/pri/fut/data/" },
    apiVersion: "2.1.8",
  });
}

describe("HttpClient", () => {
  it("retries 5xx and 429 with exponential backoff (honouring Retry-After), then succeeds", async () => {
    let n = 0;
    handler = (_req, _url, res) => {
      n++;
      if (n === 1) res.writeHead(503).end("busy");
      else if (n === 2) res.writeHead(429, { "retry-after": "7" }).end();
      else if (n === 3) res.writeHead(500).end();
      else res.end("ok");
    };
    const waits: number[] = [];
    const logs: string[] = [];
    const c = new HttpClient({ retries: 3, backoffMs: 100, sleep: async (ms) => void waits.push(ms), log: (m) => logs.push(m) });
    expect(await c.getText(`${base}/x?api_key=${KEY}`)).toBe("ok");
    expect(waits).toEqual([100, 7000, 400]); // 100·2^0, Retry-After 7 s, 100·2^2
    expect(logs.length).toBe(3);
    expect(logs.join("\n")).not.toContain(KEY);
    expect(logs[0]).toContain("api_key=***");
  });

  it("gives up after the retries with a DataError naming the redacted URL and status", async () => {
    handler = (_req, _url, res) => res.writeHead(502, "Bad Gateway").end(`upstream said key=${KEY}`);
    const e = await rejection(new HttpClient({ retries: 2, ...noSleep }).getText(`${base}/y?api_key=${KEY}`));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toBe(`${base}/y?api_key=***: HTTP 502 Bad Gateway: upstream said key=*** (after 3 attempts)`);
    expect(e.location.url).toBe(`${base}/y?api_key=***`);
  });

  it("does not retry other 4xx; times out slow responses", async () => {
    let n = 0;
    handler = (_req, _url, res) => {
      n++;
      res.writeHead(404, "Not Found").end();
    };
    await expect(new HttpClient({ ...noSleep }).getText(`${base}/missing`)).rejects.toThrow(`${base}/missing: HTTP 404 Not Found`);
    expect(n).toBe(1);
    handler = (_req, _url, res) => void setTimeout(() => res.end("late"), 500);
    await expect(new HttpClient({ retries: 1, timeoutMs: 50, ...noSleep }).getText(`${base}/slow`)).rejects.toThrow(
      "timed out after 50 ms (after 2 attempts)",
    );
  });

  it("keeps at least minIntervalMs between requests", async () => {
    handler = (_req, _url, res) => res.end("ok");
    const waits: number[] = [];
    const c = new HttpClient({ minIntervalMs: 10_000, sleep: async (ms) => void waits.push(ms) });
    await c.getText(`${base}/a`);
    await c.getText(`${base}/b`);
    expect(waits.length).toBe(1);
    expect(waits[0]).toBeGreaterThan(9_000);
    expect(redactUrl("http://h/p?a=1&token=abc&apikey=def")).toBe("http://h/p?a=1&token=***&apikey=***");
  });
});

describe("EIA v2", () => {
  it("pages through a series with the documented query, sorting and NaN for null", async () => {
    seen.length = 0;
    handler = (_req, url, res) => {
      const offset = Number(url.searchParams.get("offset"));
      res.setHeader("content-type", "application/json");
      if (offset === 0) res.end(eiaPage(3, [["2018-01-04", 6.23], ["2018-01-05", null]]));
      else res.end(eiaPage(3, [["2018-01-08", "3.52"]]));
    };
    const r = await fetchEiaSeries({ ...EIA_SERIES.henryHub, start: "2018-01-01" }, { env: { EIA_API_KEY: KEY }, baseUrl: base, pageSize: 2, client: new HttpClient(noSleep) });
    expect(Array.from(r.data.time)).toEqual([Date.UTC(2018, 0, 4), Date.UTC(2018, 0, 5), Date.UTC(2018, 0, 8)]);
    expect(Array.from(r.data.values)).toEqual([6.23, NaN, 3.52]);
    expect(seen.map((u) => u.pathname)).toEqual(["/v2/natural-gas/pri/fut/data/", "/v2/natural-gas/pri/fut/data/"]);
    const q = seen[0]!.searchParams;
    expect([q.get("api_key"), q.get("frequency"), q.get("data[0]"), q.get("facets[series][]"), q.get("start"), q.get("length")]).toEqual([
      KEY,
      "daily",
      "value",
      "RNGWHHD",
      "2018-01-01",
      "2",
    ]);
    expect(seen[1]!.searchParams.get("offset")).toBe("2");
    expect(r.responses.map((x) => x.url).join()).not.toContain(KEY);
  });

  it("a missing key, an error body, malformed JSON and a bad value are typed errors without the key", async () => {
    await expect(fetchEiaSeries(EIA_SERIES.wti, { env: {}, baseUrl: base })).rejects.toBeInstanceOf(ConfigError);
    handler = (_req, _url, res) => res.writeHead(403).end(JSON.stringify({ error: { code: "API_KEY_INVALID", message: `bad key ${KEY}` } }));
    let e = await rejection(fetchEiaSeries(EIA_SERIES.wti, { apiKey: KEY, baseUrl: base, client: new HttpClient(noSleep) }));
    expect(e).toBeInstanceOf(DataError);
    expect(e.message).toContain("HTTP 403");
    expect(e.message).toContain("API_KEY_INVALID");
    expect(e.message).not.toContain(KEY);
    handler = (_req, _url, res) => res.end("{ not json");
    e = await rejection(fetchEiaSeries(EIA_SERIES.wti, { apiKey: KEY, baseUrl: base, client: new HttpClient(noSleep) }));
    expect(e.message).toContain("malformed EIA response: not JSON");
    expect(e.message).not.toContain(KEY);
    handler = (_req, _url, res) => res.end(JSON.stringify({ error: "invalid route" }));
    e = await rejection(fetchEiaSeries(EIA_SERIES.wti, { apiKey: KEY, baseUrl: base, client: new HttpClient(noSleep) }));
    expect(e.message).toContain("no response.data array");
    handler = (_req, _url, res) => res.end(eiaPage(1, [["2020-04-20", "n/a"]]));
    e = await rejection(fetchEiaSeries(EIA_SERIES.wti, { apiKey: KEY, baseUrl: base, client: new HttpClient(noSleep) }));
    expect(e.message).toContain('malformed EIA row 0: value "n/a"');
  });
});

describe("NOAA degree days and CSV bars", () => {
  it("joins yearly CPC files into one daily HDD series for a region", async () => {
    handler = (_req, url, res) => {
      const year = url.pathname.split("/")[1];
      if (year === "2023") res.end("Population-Weighted Heating Degree Days\n\nRegion|20231230|20231231\n1|30|31\nCONUS|20|21\n");
      else res.end("Population-Weighted Heating Degree Days\n\nRegion|20240101\n1|33\nCONUS|22\n");
    };
    const r = await fetchNoaaDegreeDays("heating", [2024, 2023], { baseUrl: base, client: new HttpClient(noSleep) });
    expect(Array.from(r.data.time)).toEqual([Date.UTC(2023, 11, 30), Date.UTC(2023, 11, 31), Date.UTC(2024, 0, 1)]);
    expect(Array.from(r.data.values)).toEqual([20, 21, 22]);
    expect(r.responses.map((x) => new URL(x.url).pathname)).toEqual(["/2023/Population.Heating.txt", "/2024/Population.Heating.txt"]);
    handler = (_req, _url, res) => res.end("<html>moved</html>");
    await expect(fetchNoaaDegreeDays("cooling", [2024], { baseUrl: base, client: new HttpClient(noSleep) })).rejects.toThrow("not a CPC degree-day file");
  });

  it("reads daily bars from a CSV URL; 'No data' and bad rows are DataErrors naming the URL", async () => {
    handler = (_req, _url, res) => res.end("Date,Open,High,Low,Close,Volume\n2020-04-17,19.87,20.1,17.31,18.27,100\n2020-04-20,17.73,17.85,-40.32,-37.63,200\n");
    const url = stooqDailyUrl("cl.f", base);
    expect(url).toBe(`${base}/q/d/l/?s=cl.f&i=d`);
    const r = await fetchCsvBars(url, "CL", { client: new HttpClient(noSleep) });
    expect(Array.from(r.data.close)).toEqual([18.27, -37.63]);
    expect(r.data.volume[1]).toBe(200);
    handler = (_req, _url, res) => res.end("No data");
    await expect(fetchCsvBars(url, "XX", { client: new HttpClient(noSleep) })).rejects.toThrow("has no data for XX");
    handler = (_req, _url, res) => res.end("Date,Open,High,Low,Close\n2020-04-17,1,2,0.5\n");
    await expect(fetchCsvBars(url, "CL", { client: new HttpClient(noSleep) })).rejects.toThrow(`${url}, row 2: expected 5 fields`);
  });
});
