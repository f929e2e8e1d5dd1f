/**
 * Questions a teacher might start with, in everyday words and each with a good answer in the
 * documents. They are buttons on the help card and the bot's suggested prompts in Teams (the
 * manifest's command list), so both show the same ones. Teams limits a command's title to 32
 * characters, and a command sends its title, so each question fits in 32.
 */
export const STARTER_QUESTIONS: ReadonlyArray<{ question: string; description: string }> = [
  { question: 'Who arranges AP after exclusion?', description: 'Who provides education for a pupil who has been permanently excluded' },
  { question: 'What is the sixth day provision?', description: 'When education must start after a pupil is excluded' },
  { question: 'Pupil too ill to come to school?', description: 'Education for a pupil who cannot attend because of illness' },
];
