import { describe, expect, it } from "vitest";
import { outline, parse, scratchDirectory } from "./helpers";

const write = scratchDirectory();

describe("HTML", () => {
  const page = `<!doctype html>
<html lang="ru"><head><title>Теория вероятностей &mdash; лекция 3</title><style>p { color: red }</style></head>
<body>
  <nav><a href="/">На главную</a> | <a href="/courses">Курсы</a></nav>
  <h1>Лекция 3</h1>
  <p>Случайная величина &nbsp;— это функция
     на пространстве элементарных исходов.</p>
  <h2>Распределения</h2>
  <div>Текст прямо в контейнере<br>со&nbsp;переносом.</div>
  <ul><li>Бернулли<ul><li>частный случай биномиального</li></ul></li><li>Пуассона</li></ul>
  <table><tr><th>Закон</th><th>Среднее</th></tr><tr><td><p>Бернулли</p></td><td>p</td></tr></table>
  <pre><code>mean = sum(xs) / len(xs)
print(mean)</code></pre>
  <h3>Нормальное</h3>
  <p>Плотность Гаусса.</p>
  <h2>Задачи</h2>
  <p>Решите задачи 1–5.</p>
  <script>document.write("не текст курса")</script>
</body></html>`;

  it("keeps headings as section paths and drops navigation, scripts and styles", async () => {
    const document = await parse(write("lecture.html", page));
    expect(document.title).toBe("Теория вероятностей — лекция 3");
    expect(document.pageCount).toBeNull();
    expect(outline(document)).toEqual([
      { kind: "heading", text: "Лекция 3", headingPath: ["Лекция 3"] },
      {
        kind: "paragraph",
        text: "Случайная величина — это функция на пространстве элементарных исходов.",
        headingPath: ["Лекция 3"],
      },
      { kind: "heading", text: "Распределения", headingPath: ["Лекция 3", "Распределения"] },
      { kind: "paragraph", text: "Текст прямо в контейнере со переносом.", headingPath: ["Лекция 3", "Распределения"] },
      { kind: "list", text: "- Бернулли", headingPath: ["Лекция 3", "Распределения"] },
      { kind: "list", text: "- частный случай биномиального", headingPath: ["Лекция 3", "Распределения"] },
      { kind: "list", text: "- Пуассона", headingPath: ["Лекция 3", "Распределения"] },
      { kind: "table", text: "Закон | Среднее\nБернулли | p", headingPath: ["Лекция 3", "Распределения"] },
      { kind: "code", text: "mean = sum(xs) / len(xs)\nprint(mean)", headingPath: ["Лекция 3", "Распределения"] },
      { kind: "heading", text: "Нормальное", headingPath: ["Лекция 3", "Распределения", "Нормальное"] },
      { kind: "paragraph", text: "Плотность Гаусса.", headingPath: ["Лекция 3", "Распределения", "Нормальное"] },
      { kind: "heading", text: "Задачи", headingPath: ["Лекция 3", "Задачи"] },
      { kind: "paragraph", text: "Решите задачи 1–5.", headingPath: ["Лекция 3", "Задачи"] },
    ]);
  });

  it("falls back to the first heading for the title of a fragment without <title>", async () => {
    const document = await parse(write("fragment.htm", "<h1>Memory management</h1><p>Paging splits memory into frames.</p>"));
    expect(document.title).toBe("Memory management");
  });
});

describe("plain text", () => {
  it("joins hard-wrapped lines, repairs hyphenation and keeps list items apart", async () => {
    const source = [
      "\uFEFFПланирование процессов определяет, какой про-",
      "цесс получит процессор следующим.",
      "",
      "Алгоритмы:",
      "1. FCFS — первым пришёл,",
      "   первым обслужен.",
      "2. Round Robin.",
      "",
      "Scheduling decides which pro-\r",
      "cess runs next; the ﬁrst-come policy is simple.\r",
    ].join("\n");
    const document = await parse(write("notes.txt", source));
    expect(document.title).toBeNull();
    expect(document.blocks).toEqual([
      {
        kind: "paragraph",
        text: "Планирование процессов определяет, какой процесс получит процессор следующим.",
        page: null,
        headingPath: [],
      },
      { kind: "paragraph", text: "Алгоритмы:", page: null, headingPath: [] },
      { kind: "list", text: "1. FCFS — первым пришёл, первым обслужен.", page: null, headingPath: [] },
      { kind: "list", text: "2. Round Robin.", page: null, headingPath: [] },
      {
        kind: "paragraph",
        text: "Scheduling decides which process runs next; the first-come policy is simple.",
        page: null,
        headingPath: [],
      },
    ]);
  });
});
