import type { AddressInfo } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import type { Config } from '../infra/config.js';
import { createPool } from '../infra/db.js';
import { createSmtpMailer } from '../infra/mailer.js';
import { createApp } from './app.js';

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

export async function startApiServer(config: Config): Promise<RunningApi> {
  const pool = createPool(config.databaseUrl);
  const connection = await Connection.connect({ address: config.temporalAddress });
  const temporal = new Client({ connection, namespace: config.temporalNamespace });
  const mailer = createSmtpMailer(config.smtpUrl, config.mailFrom);
  const app = createApp({ pool, temporal, config, mailer });
  const server = await new Promise<import('node:http').Server>((resolve, reject) => {
    const s = app.listen(config.apiPort, config.apiHost, (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await connection.close();
      mailer.close();
      await pool.end();
    },
  };
}
