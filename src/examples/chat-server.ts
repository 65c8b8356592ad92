/**
 * Example: a multi-client chat server.
 *   node dist/examples/chat-server.js [PORT]      then, in two terminals: npx rnet connect 127.0.0.1 PORT
 *
 * The first line a client sends is its name; every later line goes to everyone else. One
 * *hub* thread owns the list of clients, so there are no locks: clients talk to it over
 * channels, and it waits on all of them with one `sync`. Each client has a writer thread with
 * its own mailbox, so a slow reader never holds up the hub.
 */
import {
  type Channel,
  channelGet,
  channelPut,
  channelPutEvt,
  closeInputPort,
  closeOutputPort,
  currentCustodian,
  custodianShutdownAll,
  flushOutput,
  handleEvt,
  isEofObject,
  killThread,
  makeChannel,
  makeCustodian,
  type OutputPort,
  parameterize,
  readLine,
  sync,
  tcpAccept,
  tcpAddresses,
  tcpListen,
  type Thread,
  thread,
  threadDeadEvt,
  writeString,
} from '../index.js';
import { isMainModule } from './run-main.js';
import { type Server } from './echo-server.js';

interface Client {
  readonly name: string;
  readonly mailbox: Channel<string>;
  /** Delivers the mailbox to the connection; dies with the connection's custodian. */
  readonly writer: Thread;
}

export async function startChatServer(port = 0, host = '127.0.0.1'): Promise<Server> {
  const custodian = makeCustodian();
  return parameterize(currentCustodian, custodian, async () => {
    const joins = makeChannel<Client>();
    const leaves = makeChannel<Client>();
    const messages = makeChannel<{ from: Client; text: string }>();

    // The hub: the only code that touches `clients`.
    thread(async () => {
      const clients = new Set<Client>();
      const broadcast = (from: Client, text: string): void => {
        for (const client of clients) {
          // A thread per delivery, so the hub never waits for a client's writer; it gives up
          // if that client is gone by then.
          if (client !== from) {
            thread(() => sync(channelPutEvt(client.mailbox, text), threadDeadEvt(client.writer)));
          }
        }
      };
      for (;;) {
        await sync(
          handleEvt(joins, (client) => {
            clients.add(client);
            broadcast(client, `* ${client.name} joined`);
          }),
          handleEvt(leaves, (client) => {
            clients.delete(client);
            broadcast(client, `* ${client.name} left`);
          }),
          handleEvt(messages, ({ from, text }) => broadcast(from, `${from.name}: ${text}`)),
        );
      }
    });

    const listener = await tcpListen(port, 16, true, host);
    thread(async () => {
      for (;;) {
        // Each connection (its ports and its threads) under its own custodian.
        const connection = makeCustodian(custodian);
        const [input, output] = await parameterize(currentCustodian, connection, () =>
          tcpAccept(listener),
        );
        parameterize(currentCustodian, connection, () =>
          thread(async () => {
            try {
              const name = await readLine(input, 'any');
              if (isEofObject(name)) return;
              const mailbox = makeChannel<string>();
              const client: Client = {
                name,
                mailbox,
                writer: thread(() => deliver(mailbox, output)),
              };
              await channelPut(joins, client);
              for (;;) {
                const text = await readLine(input, 'any');
                if (isEofObject(text)) break;
                await channelPut(messages, { from: client, text });
              }
              await channelPut(leaves, client);
              killThread(client.writer);
              closeInputPort(input);
              await closeOutputPort(output); // a goodbye FIN rather than a reset
            } finally {
              custodianShutdownAll(connection); // closes the ports, kills the writer
            }
          }),
        );
      }
    });
    const [, actualPort] = tcpAddresses(listener, true);
    return { port: actualPort, stop: () => custodianShutdownAll(custodian) };
  });
}

/** A client's writer: sends what arrives in its mailbox, one line at a time. */
async function deliver(mailbox: Channel<string>, output: OutputPort): Promise<void> {
  for (;;) {
    const line = await channelGet(mailbox);
    await writeString(line + '\n', output);
    await flushOutput(output);
  }
}

if (isMainModule(import.meta.url)) {
  const server = await startChatServer(Number(process.argv[2] ?? 0));
  console.log(`chat server on 127.0.0.1:${server.port} (Ctrl-C stops it)`);
}
