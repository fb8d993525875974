import { test, expect } from "bun:test";
import { bigrams, bigramQuery } from "./bigrams.ts";

test("pairs of characters per run plus its last character; punctuation splits; case folded", () => {
  expect(bigrams("井盖缺失")).toBe("井盖 盖缺 缺失 失");
  expect(bigrams("东门路12号，路灯")).toBe("东门 门路 路1 12 2号 号 路灯 灯");
  expect(bigrams("A 路")).toBe("a 路");
  expect(bigrams("")).toBe("");
  expect(bigrams(null)).toBe("");
});

test("1 character is a prefix query, 2 characters an exact pair, punctuation ignored", () => {
  expect(bigramQuery("灯")).toBe('"灯"*');
  expect(bigramQuery("路灯")).toBe('"路灯"');
  expect(bigramQuery('"路')).toBe('"路"*');
  expect(bigramQuery("，")).toBe('""');
});
