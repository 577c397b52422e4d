// Chinese function words (particles, pronouns, auxiliaries, common verbs of being and having,
// prepositions and conjunctions): like English stop words, they carry no topic, and their
// dictionary glosses ("possessive particle", "to be") would only add noise to a search.
export const ZH_STOP_WORDS = new Set(
  `的 地 得 了 着 过 吗 呢 吧 啊 呀 嘛 么 是 为 为了 在 于 和 与 及 以及 或 或者 并 并且 而 而且 但 但是 也 都 还 就 又 才 很 更 最
将 会 能 可以 可能 要 应 应该 该 把 被 对 对于 从 到 向 往 给 让 使 由 以 之 其 这 那 这个 那个 这些 那些 这种 那种 此 该 各 每
我 你 他 她 它 我们 你们 他们 她们 它们 自己 有 没有 没 不 无 所 所有 个 些 一些 等 等等 中 里 上 下 内 外 时 后 前 之后 之前
什么 哪 哪个 哪些 哪里 哪儿 谁 多少 几 怎么 怎样 如何 为什么 何 何时 什么时候 吗 呢 是否 是不是 请问 请 关于 根据 按照 通过
当 者 做 作为 成为 叫 称 称为 进行 哪一个 哪一年 哪年 多久 多长时间 多大 几个 一个 一 某 另 另外 其他 其它 已经 曾 曾经 正在`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Chinese question words and the English question they ask, so that the English rules for the
 * expected kind of answer (a count, a date, a person) apply to a Chinese question too.
 * Longest first: 多少钱 before 多少.
 */
export const ZH_QUESTION_WORDS: Array<[string, string]> = [
  ["多少钱", "how much money"],
  ["百分之几", "what percentage"],
  ["百分比", "what percentage"],
  ["多少比例", "what percentage"],
  ["什么时候", "when"],
  ["何时", "when"],
  ["哪一年", "in which year"],
  ["哪几年", "in which year"],
  ["哪年", "in which year"],
  ["多久", "how long"],
  ["多长时间", "how long"],
  // "人口是多少": what is the population (the English asks no count).
  ["是多少", "what"],
  ["多少", "how many"],
  ["几个", "how many"],
  ["几", "how many"],
  ["谁", "who"],
  ["哪里", "where"],
  ["哪儿", "where"],
  ["为什么", "why"],
  ["怎么", "how"],
  ["如何", "how"],
  ["哪个", "which"],
  ["哪些", "which"],
  ["哪", "which"],
  ["什么", "what"],
];
