/** The tool's memory in the project: answers and what it generated (write/state.ts reads and writes it). */
export const STATE_FILE = ".create-django-docker.ini";
