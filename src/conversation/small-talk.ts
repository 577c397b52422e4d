// Messages that are not questions about the documents: greetings, thanks, goodbyes, "help",
// "who are you". They get the bot's own short reply, never a search. A message is small talk
// only when all of it is: "Hi, what does the plan say about big data?" is a question.

export type SmallTalk = "greeting" | "thanks" | "goodbye" | "help" | "identity";

// Whole-message phrases, after lower-casing and dropping punctuation, emoji and the bot's name.
const EN: Array<[SmallTalk, RegExp]> = [
  [
    "greeting",
    /^(?:hi|hii+|hello+|hey+|heya|hiya|howdy|yo|greetings|hallo|good (?:morning|afternoon|evening|day)|morning|evening|what'?s up|sup|how are you(?: doing| today)?|how'?s it going|nice to meet you)$/,
  ],
  [
    "thanks",
    /^(?:(?:ok(?:ay)?|great|perfect|awesome|cool|nice|good|got it)? ?(?:thanks?(?: you)?(?: a lot| so much| very much)?|thx|ty|tysm|cheers|many thanks|much appreciated)|thanks?(?: you)? for (?:the|your) (?:help|answer)|that (?:helps|helped)|got it)$/,
  ],
  ["goodbye", /^(?:bye+|goodbye|bye bye|see (?:you|ya)(?: later| soon)?|good ?night|later|cya|farewell|take care)$/],
  [
    "help",
    /^(?:help(?: me)?|(?:i )?need help|\/?help|commands|what (?:can|do) you (?:do|know)(?: about)?(?: for me)?|what can i ask(?: you)?|what should i ask(?: you)?|what do you do|how (?:do|does) (?:this|it|you) work|how do i use (?:this|you|it)|what are you (?:for|good for)|what questions can (?:i ask|you answer)|can you help(?: me)?)$/,
  ],
  [
    "identity",
    /^(?:who are you|what are you|who made you|who built you|are you a (?:bot|robot|human|person)|what is your name|what'?s your name|your name|introduce yourself|tell me about yourself)$/,
  ],
];

const ZH: Array<[SmallTalk, RegExp]> = [
  ["greeting", /^(?:你好|您好|嗨|哈喽|哈啰|早上好|早安|上午好|下午好|晚上好|大家好|你好呀|你好啊|在吗|在不在)$/],
  ["thanks", /^(?:谢谢(?:你|您)?|多谢|感谢(?:你|您)?|谢了|谢啦|好的谢谢|非常感谢)$/],
  ["goodbye", /^(?:再见|拜拜|回头见|晚安|下次见)$/],
  ["help", /^(?:帮助|帮忙|求助|帮帮我|怎么用|如何使用|你能做什么|你会什么|你可以做什么|你能干什么|能做什么|我可以问什么|我能问什么|你能帮我什么)$/],
  ["identity", /^(?:你是谁|你是什么|你叫什么(?:名字)?|你是机器人吗|介绍一下你自己|自我介绍)$/],
];

// A greeting may open another small-talk message ("hi, who are you?", "你好，你是谁").
const OPENING = /^(?:hi|hello|hey|hiya|howdy|good (?:morning|afternoon|evening)|你好|您好|嗨)(?: there| all| everyone)?\s*/;

/** The kind of small talk the whole message is, or undefined for anything else. */
export function smallTalk(message: string): SmallTalk | undefined {
  const m = normalise(message);
  if (!m) return undefined;
  const whole = match(m);
  if (whole) return whole;
  const rest = m.replace(OPENING, "").trim();
  return rest !== m && rest ? match(rest) : undefined;
}

function match(m: string): SmallTalk | undefined {
  for (const [kind, re] of [...EN, ...ZH]) if (re.test(m)) return kind;
  return undefined;
}

function normalise(message: string): string {
  return message
    .normalize("NFKC")
    .toLowerCase()
    .replace(/<@[\w]+>|@\w+/g, " ") // Slack and Telegram mentions
    .replace(/\b(?:planbot|bot|there|friend|everyone|all|please|pls)\b(?=[\s\p{P}\p{S}]*$)/gu, " ") // "hey there", "thanks bot"
    .replace(/[’']/g, "'")
    .replace(/[^\p{L}\p{N}'\s/]+/gu, " ")
    .replace(/\b(?:planbot)\b/g, " ")
    .replace(/(?<=\p{Script=Han})\s+|\s+(?=\p{Script=Han})/gu, "")
    .replace(/(?<=\p{Script=Han})[啊呀哦哈]+$/u, "")
    .replace(/\s+/g, " ")
    .trim();
}
