// A request the server refuses, with the status to answer (400, 401, 413…). Handlers throw it;
// HttpServer.dispatch() answers it. Its message is shown to the client: never put request data in it.
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}
