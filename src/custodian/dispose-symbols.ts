/**
 * `Symbol.dispose` and `Symbol.asyncDispose` (explicit resource management: `using`, `await
 * using`). Node 20.5 to 22 define them, as `Symbol.for('nodejs.dispose')` and
 * `Symbol.for('nodejs.asyncDispose')`, and V8 has its own from Node 24; on an older Node 20
 * this defines Node's, so
 * the disposal methods of ports, listeners, UDP sockets and custodians exist there too.
 * Imported for its effect by each module that defines such a method.
 */
const symbols = Symbol as unknown as { dispose?: symbol; asyncDispose?: symbol };
symbols.dispose ??= Symbol.for('nodejs.dispose');
symbols.asyncDispose ??= Symbol.for('nodejs.asyncDispose');

export {};
