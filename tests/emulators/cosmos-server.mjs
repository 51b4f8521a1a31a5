// Starts @vercel/cosmosdb-server (an in-memory Cosmos DB NoSQL API server) the way the tests need it.
//   node cosmos-server.mjs [--port 8081] [--host 127.0.0.1] [--no-ssl]
// One fix over the package's own CLI: reading a document that does not exist answers 404 NotFound, as Cosmos DB
// does, instead of 500 (the server's read-document handler dereferences the missing document before checking it).
// Keep-alive is on, so a client does not pay a TLS handshake per request.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// Patch the handler before the server's router is loaded: the router reads the handler once, when it is built.
const readDocument = require("@vercel/cosmosdb-server/lib/handler/read-document");
const readExistingDocument = readDocument.default;
readDocument.default = async (account, req, res, params) => {
  try {
    return await readExistingDocument(account, req, res, params);
  } catch (error) {
    if (!(error instanceof TypeError)) {
      throw error;
    }
    res.statusCode = 404;
    return { code: "NotFound", message: "Entity with the specified id does not exist in the system." };
  }
};

const { createHttpServer, createHttpsServer } = require("@vercel/cosmosdb-server");

const options = { port: 8081, host: "127.0.0.1", ssl: true };
const args = process.argv.slice(2);
while (args.length > 0) {
  const name = args.shift();
  if (name === "--port" || name === "-p") {
    options.port = Number.parseInt(args.shift() ?? "", 10);
  } else if (name === "--host") {
    options.host = args.shift() ?? options.host;
  } else if (name === "--no-ssl") {
    options.ssl = false;
  } else {
    console.error(`Unknown option ${name}. Usage: node cosmos-server.mjs [--port 8081] [--host 127.0.0.1] [--no-ssl]`);
    process.exit(2);
  }
}
if (!Number.isInteger(options.port) || options.port <= 0 || options.port > 65535) {
  console.error("--port needs a TCP port number.");
  process.exit(2);
}

const server = (options.ssl ? createHttpsServer : createHttpServer)({ keepAlive: true });
server.listen(options.port, options.host, () => {
  console.log(`Cosmos DB server ready at ${options.ssl ? "https" : "http"}://${options.host}:${options.port}/`);
});

for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close();
    server.closeAllConnections?.();
    process.exit(0);
  });
}
