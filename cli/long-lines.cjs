/**
 * What the two line-length checks of `npm run lint` share (check-line-length.cjs for code files,
 * check-notebook-lines.cjs for notebook cells): how a line is measured, and how a check reports
 * and exits (0 nothing too long, 1 a line too long, 2 an argument that names nothing to check).
 * Plain CommonJS, like build.cjs: it needs no build.
 */

/** A path that names nothing to check: exit 2, so that a typo does not pass as "nothing too long". */
class InputError extends Error {}

/** Each line of `text` longer than `maxCharacters` code points (not bytes): `{ line, characters }`, line from 1. */
function overLongLines(text, maxCharacters) {
  const found = [];
  text.split('\n').forEach((line, lineIndex) => {
    const characters = [...line.replace(/\r$/, '')].length;
    if (characters > maxCharacters) found.push({ line: lineIndex + 1, characters });
  });
  return found;
}

/**
 * Run a check named `name` over the command line's arguments: `findPlaces(targets)` returns one
 * `"where: N characters"` per long line; `advice(count)` is the closing line when there are any.
 */
function runLineCheck(name, findPlaces, advice) {
  try {
    const places = findPlaces(process.argv.slice(2));
    for (const place of places) console.log(place);
    if (places.length > 0) console.log(advice(places.length, places.length === 1 ? 'line' : 'lines'));
    process.exitCode = places.length > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    console.error(`${name}: ${error.message}`);
    process.exitCode = 2;
  }
}

module.exports = { InputError, overLongLines, runLineCheck };
