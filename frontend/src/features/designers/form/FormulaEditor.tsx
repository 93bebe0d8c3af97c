import { autocompletion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { linter, type Diagnostic } from '@codemirror/lint';
import CodeMirror from '@uiw/react-codemirror';
import { Form, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../../shared/api/ApiContext';
import { localized } from '../../../shared/lib/localized';
import { nameChips } from './formulaChips';
import { nameCompletions, nameEntries } from './formulaText';
import { FORMULA_FUNCTIONS, formulaNames, sampleRecord, withExpr } from './model';

interface Props {
  fieldKey: string;
  expr: string;
  /** The whole form's schema: names to complete, and what the server compiles. */
  formSchema: Record<string, unknown>;
  ws: string;
  app: string;
  onChange: (expr: string) => void;
}

/**
 * FormulaEditor edits a formula in CodeMirror. Fields show as chips with their labels and
 * complete by label, pinyin or key (an admin thinks 报销金额, not baoXiaoJinE), while the
 * formula keeps their keys; functions complete as you type; the server compiles the form as
 * you type and its message underlines the formula; the result is previewed on sample values,
 * on the workspace's calendar (NETWORKDAYS and WORKDAY as records will see them).
 */
export function FormulaEditor({ fieldKey, expr, formSchema, ws, app, onChange }: Props) {
  const { t, i18n } = useTranslation('forms');
  const api = useApi();
  const [text, setText] = useState(expr);
  const [problem, setProblem] = useState('');
  const [result, setResult] = useState<unknown>(undefined);
  const problemRef = useRef('');
  useEffect(() => {
    problemRef.current = problem;
  }, [problem]);
  const names = useMemo(() => nameEntries(formulaNames(formSchema, fieldKey, i18n.language)), [formSchema, fieldKey, i18n.language]);

  // A formula changed elsewhere (undo, another panel) replaces the text being edited.
  const [shownExpr, setShownExpr] = useState(expr);
  if (expr !== shownExpr) {
    setShownExpr(expr);
    setText(expr);
  }

  // The server's verdict on the formula as typed, debounced.
  useEffect(() => {
    let stale = false;
    const timer = window.setTimeout(() => {
      const schema = withExpr(formSchema, fieldKey, text);
      api.previewForm(ws, app, schema, sampleRecord(schema)).then(
        (out) => {
          if (stale) return;
          const at = `/properties/${fieldKey}/x-formloom/expr`;
          const mine = out.problems.filter((p) => p.pointer === at || p.pointer.startsWith(`${at}/`));
          setProblem(mine.map((p) => localized(p.message, i18n.language)).join(' '));
          setResult(out.values?.[fieldKey]);
        },
        () => !stale && setResult(undefined),
      );
    }, 400);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [api, ws, app, formSchema, fieldKey, text, i18n.language]);

  const extensions = useMemo(() => {
    // Functions complete by name, filtered by CodeMirror; fields by nameCompletions.
    const functions = (ctx: CompletionContext): CompletionResult | null => {
      const word = ctx.matchBefore(/[A-Za-z_][\w.]*/);
      if (!word || (word.from === word.to && !ctx.explicit)) return null;
      return {
        from: word.from,
        options: FORMULA_FUNCTIONS.map((f) => ({ label: f, apply: `${f}(`, detail: t(`formula.fn.${f}`), type: 'function' })),
      };
    };
    // The server says what is wrong, not where: the whole formula is underlined.
    // eslint-disable-next-line react-hooks/refs -- CodeMirror calls the linter after edits, never while rendering
    const lint = linter((view): Diagnostic[] =>
      problemRef.current ? [{ from: 0, to: Math.max(view.state.doc.length, 0), severity: 'error', message: problemRef.current }] : [],
      { delay: 500 },
    );
    return [autocompletion({ override: [nameCompletions(names), functions] }), nameChips(new Map(names.map((n) => [n.name, n.shown]))), lint];
  }, [names, t]);

  const shown = result === undefined || result === null ? t('formula.noValue') : typeof result === 'object' ? JSON.stringify(result) : String(result);
  return (
    <Form.Item label={t('formula.label')} help={problem || undefined} validateStatus={problem ? 'error' : undefined}>
      <div data-testid="formula-editor">
        <CodeMirror
          value={text}
          height="auto"
          minHeight="48px"
          basicSetup={{ lineNumbers: false, foldGutter: false }}
          extensions={extensions}
          onChange={(v) => {
            setText(v);
            onChange(v);
          }}
        />
      </div>
      <Typography.Text type="secondary" data-testid="formula-preview">
        {t('formula.preview', { value: shown })}
      </Typography.Text>
    </Form.Item>
  );
}
