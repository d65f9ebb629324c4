/* Generated from grammar/zen.rl by tools/answers.sh: each literal request of
 * the grammar and its reply. Do not edit; edit the grammar. */
ANSWER_ROW("Beautiful is better than?", "Ugly.")
ANSWER_ROW("Explicit is better than?", "Implicit.")
ANSWER_ROW("Simple is better than?", "Complex.")
