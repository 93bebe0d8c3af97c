import { createContext } from 'react';

/**
 * Uploads counts the files a form's fields are sending: the form holds its submit until
 * they are all stored, so that a tap on 提交 during a slow upload does not save the record
 * without the file.
 */
export interface Uploads {
  /** begin counts one upload; the function it returns ends it (once). */
  begin: () => () => void;
}

/** UploadsContext is given by SchemaForm to the widgets that upload (attachments, signatures). */
export const UploadsContext = createContext<Uploads | undefined>(undefined);
