/** Counts blocks tokenized, for the tests (a block is tokenized once); not exported by the add-on. */
export const highlightStats = {tokenized: 0};
