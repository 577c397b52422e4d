// Start-up cannot go on until the operator fixes something outside planbot (Redis unreachable,
// another replica already polling the bot). Exit code 3, like a missing index: "not ready, fix
// the setup", with a message that says what to fix.
export class NotReadyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotReadyError";
  }
}
