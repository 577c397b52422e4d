// What the two chat models over fetch share: their settings, and the endpoint (with the API
// key) held in a private field, so it is never serialised, logged or traced with the model.
import { BaseChatModel, type BaseChatModelParams } from "@langchain/core/language_models/chat_models";
import type { Endpoint } from "./http.js";

export interface HttpChatSettings {
  model: string;
  temperature?: number;
  maxTokens?: number;
}

export abstract class HttpChatModel extends BaseChatModel {
  readonly model: string;
  readonly baseUrl: string;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly #endpoint: Endpoint;

  /** `params` go to LangChain (which keeps them for serialisation): never put the key there. */
  protected constructor(params: BaseChatModelParams, settings: HttpChatSettings, endpoint: Endpoint) {
    super(params);
    this.model = settings.model;
    this.baseUrl = endpoint.baseUrl;
    this.temperature = settings.temperature ?? 0;
    this.maxTokens = settings.maxTokens ?? 500;
    this.#endpoint = endpoint;
  }

  protected get endpoint(): Endpoint {
    return this.#endpoint;
  }
}
