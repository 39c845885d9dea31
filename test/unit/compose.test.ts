/**
 * docker-compose.yml is the production shape, kept valid without a Docker engine on these machines:
 * its structure is checked here (services, the order they start in, health checks, the one-shot
 * jobs that replace the deprecated temporalio/auto-setup), and so is the Prometheus configuration
 * beside it (deploy/prometheus/).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../scripts/rules-index.js';
import { workerNodeFlags } from '../../worker/node-flags.js';
import { REQUIRED_SEARCH_ATTRIBUTES } from '../../worker/search-attributes.js';

interface Service {
  image?: string;
  build?: unknown;
  restart?: string;
  command?: string | string[];
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }> | string[];
  healthcheck?: { test: string[] };
}

const readYaml = (path: string) => parse(readFileSync(join(repoRoot, path), 'utf8'), { merge: true });
const compose = readYaml('docker-compose.yml') as { services: Record<string, Service> };
const services = compose.services;
const script = (name: string) => [services[name].command ?? []].flat().join('\n');
const dependsOn = (name: string) => services[name].depends_on as Record<string, { condition: string }>;

const ONE_SHOT = ['temporal-schema', 'temporal-namespace', 'temporal-search-attributes', 'bonus-db-init', 'migrate'];
const LONG_RUNNING = ['postgresql', 'temporal', 'temporal-ui', 'worker', 'api', 'mail', 'prometheus'];

describe('docker-compose.yml', () => {
  it('has every service of the production shape, and no other', () => {
    expect(Object.keys(services).sort()).toEqual([...ONE_SHOT, ...LONG_RUNNING].sort());
  });

  it('does not use the deprecated temporalio/auto-setup image: the server is temporalio/server', () => {
    for (const [name, service] of Object.entries(services)) expect(service.image ?? '', name).not.toMatch(/auto-setup/);
    expect(services.temporal.image).toMatch(/^temporalio\/server:1\.29\.\d+$/);
  });

  it('runs the one-shot jobs once (no restart) and keeps the servers running', () => {
    for (const name of ONE_SHOT) expect(services[name].restart, name).toBe('no');
    for (const name of LONG_RUNNING) expect(services[name].restart, name).toBe('unless-stopped');
  });

  it('creates and migrates both Temporal databases with temporal-sql-tool before the server starts', () => {
    const sql = script('temporal-schema');
    expect(services['temporal-schema'].image).toMatch(/^temporalio\/admin-tools:/);
    for (const db of ['temporal', 'temporal_visibility']) {
      expect(sql).toContain(`sql --db ${db} create`);
      expect(sql).toContain(`sql --db ${db} setup-schema -v 0.0`);
      expect(sql).toMatch(
        new RegExp(`sql --db ${db} update-schema -d "\\$\\$schemas/${db === 'temporal' ? 'temporal' : 'visibility'}/versioned"`),
      );
    }
    expect(sql).toMatch(/temporal-sql-tool --plugin postgres12 --ep postgresql/);
    expect(dependsOn('temporal-schema')).toEqual({ postgresql: { condition: 'service_healthy' } });
    expect(dependsOn('temporal')).toEqual({ 'temporal-schema': { condition: 'service_completed_successfully' } });
  });

  it('fixes the history shard count explicitly (it can never change after the first start)', () => {
    expect(services.temporal.environment?.NUM_HISTORY_SHARDS).toBe(512);
  });

  it('creates the namespace with a 30-day retention, then registers the search attributes the workflows set', () => {
    expect(dependsOn('temporal-namespace')).toEqual({ temporal: { condition: 'service_healthy' } });
    expect(services['temporal-namespace'].environment?.RETENTION).toBe('720h');
    expect(script('temporal-namespace')).toContain(
      'temporal operator namespace create --namespace "$$NAMESPACE" --retention "$$RETENTION"',
    );
    expect(dependsOn('temporal-search-attributes')).toEqual({ 'temporal-namespace': { condition: 'service_completed_successfully' } });
    const cliType = { KEYWORD: 'Keyword', KEYWORD_LIST: 'KeywordList' } as Record<string, string>;
    const registered = [...script('temporal-search-attributes').matchAll(/--name (\w+) --type (\w+)/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(registered.sort()).toEqual(REQUIRED_SEARCH_ATTRIBUTES.map((k) => `${k.name}=${cliType[k.type]}`).sort());
  });

  it('starts the worker and the API only once the schema, the namespace and its search attributes are ready', () => {
    for (const name of ['worker', 'api']) {
      expect(dependsOn(name).migrate, name).toEqual({ condition: 'service_completed_successfully' });
      expect(dependsOn(name)['temporal-search-attributes'], name).toEqual({ condition: 'service_completed_successfully' });
    }
    expect(dependsOn('migrate')).toEqual({ 'bonus-db-init': { condition: 'service_completed_successfully' } });
    expect(dependsOn('bonus-db-init')).toEqual({ postgresql: { condition: 'service_healthy' } });
  });

  it('health-checks the database, the Temporal server, the worker and the API (readiness, not mere liveness)', () => {
    for (const name of ['postgresql', 'temporal', 'worker', 'api'])
      expect(services[name].healthcheck?.test.length, name).toBeGreaterThan(0);
    expect(services.api.healthcheck!.test.join(' ')).toContain('/health/ready');
    expect(services.worker.healthcheck!.test.join(' ')).toContain(`:${services.worker.environment?.WORKER_HTTP_PORT}/health/ready`);
  });

  it('runs the application processes with node itself, so that SIGTERM reaches them (not through npm and sh)', () => {
    for (const name of ['migrate', 'worker', 'api']) {
      const flags = name === 'worker' ? workerNodeFlags : [];
      expect((services[name].command as string[]).slice(0, 3 + flags.length), name).toEqual(['node', ...flags, '--import', 'tsx']);
    }
  });

  it("starts the worker with the worker's Node flags, as `npm run worker` does", () => {
    const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(packageJson.scripts.worker).toBe(`exec node ${workerNodeFlags.join(' ')} --import tsx worker/main.ts`);
    expect(services.worker.command).toEqual(['node', ...workerNodeFlags, '--import', 'tsx', 'worker/main.ts']);
  });

  it('gives the application processes the same secret and public address (every replica must agree)', () => {
    const env = (name: string) => services[name].environment!;
    for (const key of ['TOKEN_SECRET', 'PUBLIC_URL', 'DATABASE_URL', 'TEMPORAL_NAMESPACE', 'TEMPORAL_TASK_QUEUE', 'DATABASE_POOL_SIZE']) {
      expect(env('worker')[key], key).toBeDefined();
      expect(env('api')[key], key).toBe(env('worker')[key]);
    }
  });
});

describe('deploy/prometheus', () => {
  const prometheus = readYaml('deploy/prometheus/prometheus.yml') as {
    rule_files: string[];
    scrape_configs: Array<{
      job_name: string;
      static_configs?: Array<{ targets: string[] }>;
      dns_sd_configs?: Array<{ names: string[]; port: number }>;
    }>;
  };
  const job = (name: string) => prometheus.scrape_configs.find((j) => j.job_name === name)!;

  it('scrapes the API, every worker replica on its health and metrics port, and the Temporal server', () => {
    expect(job('bonus-api').static_configs![0].targets).toEqual(['api:3000']);
    expect(job('bonus-worker').dns_sd_configs![0]).toMatchObject({
      names: ['worker'],
      port: Number(services.worker.environment?.WORKER_HTTP_PORT),
    });
    const temporalMetrics = String(services.temporal.environment?.PROMETHEUS_ENDPOINT).split(':')[1];
    expect(job('temporal').static_configs![0].targets).toEqual([`temporal:${temporalMetrics}`]);
  });

  it('loads alert rules that name only metrics the processes export', () => {
    expect(prometheus.rule_files).toEqual(['/etc/prometheus/alerts.yml']);
    const alerts = readYaml('deploy/prometheus/alerts.yml') as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> };
    const rules = alerts.groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(5);
    const ours = new Set([...readFileSync(join(repoRoot, 'infra/metrics.ts'), 'utf8').matchAll(/name: '([a-z_]+)'/g)].map((m) => m[1]));
    for (const { alert, expr } of rules) {
      for (const [, metric] of expr.matchAll(/\b((?:bonus|http)_[a-z_]+?)(?:_bucket|_count|_sum)?\b(?=[{\s[)]|$)/g)) {
        expect(ours.has(metric), `${alert}: ${metric}`).toBe(true);
      }
    }
  });
});
