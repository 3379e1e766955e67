/** Worker entry for piscina: the same tasks, as the module's exports (piscina calls them by `name`). */
import { tasks } from '../cpu/tasks';

export = tasks;
