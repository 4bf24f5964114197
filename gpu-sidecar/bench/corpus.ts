/** A deterministic mix like a course assistant's traffic: many short queries, some long passages. */
const queries = [
  "Когда экзамен по линейной алгебре?",
  "Где найти лекции по матанализу за третью неделю?",
  "Как сдать лабораторную работу по физике после дедлайна?",
  "What is the grading policy for the final project?",
  "Собственные значения симметричной матрицы",
  "deadline for homework 4",
  "Какие темы входят в коллоквиум по дискретной математике?",
  "How do I compute the determinant of a 3x3 matrix?",
  "Расписание консультаций перед сессией",
  "теорема Коши о среднем значении доказательство",
  "Can I retake the midterm exam?",
  "Что такое ортогональное дополнение подпространства?",
];

const passageSentences = [
  "Линейное отображение называется самосопряжённым, если его матрица в ортонормированном базисе симметрична.",
  "Собственные векторы, отвечающие различным собственным значениям, линейно независимы.",
  "The final grade combines homework (30%), the midterm exam (30%) and the final exam (40%).",
  "Лабораторные работы сдаются в электронном виде через систему курса не позднее пятницы.",
  "A sequence converges if and only if it is a Cauchy sequence in a complete metric space.",
  "Для вычисления определителя удобно привести матрицу к треугольному виду элементарными преобразованиями.",
  "Students who miss the midterm for a documented reason may take it during the retake week.",
  "Производная сложной функции равна произведению производной внешней функции на производную внутренней.",
];

function passage(seed: number): string {
  const count = 6 + (seed % 10);
  return Array.from({ length: count }, (_, i) => passageSentences[(seed * 7 + i * 3) % passageSentences.length]).join(" ");
}

/** `count` texts, 70% queries and 30% passages of 6-15 sentences, in a fixed shuffled order. */
export function benchTexts(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const isPassage = (i * 37) % 10 < 3;
    return isPassage ? passage(i) : `${queries[(i * 5) % queries.length]} (${i})`;
  });
}
