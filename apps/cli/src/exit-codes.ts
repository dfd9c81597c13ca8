/** `weir`'s exit codes, as scripts and CI see them. */
export const EXIT_OK = 0;
/** The job could not be defined (a bad job file) or it failed. */
export const EXIT_FAILURE = 1;
/** The command line was wrong, or asked for what this version cannot do. */
export const EXIT_USAGE = 2;
/** Ctrl-C canceled the job: 128 + SIGINT, as a shell reports a process that SIGINT ended. */
export const EXIT_INTERRUPTED = 130;
