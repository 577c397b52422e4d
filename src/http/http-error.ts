// A request the server refuses, with the status to answer (400, 401, 413…). Handlers throw it;
// HttpServer.dispatch() answers it. The class lives with the others in errors.ts.
export { HttpError } from "../errors.js";
