import { Templates } from '@rjsf/antd';
import type { ObjectFieldTemplateProps } from '@rjsf/utils';
import { Col, Collapse, Row, Typography } from 'antd';
import { blocks } from '../designers/form/sections';

const AntdObject = Templates.ObjectFieldTemplate!;

/** A section as toRjsf hands it over in the root's uiSchema ("ui:sections"): title already in the UI language. */
export interface RenderedSection {
  title: string;
  fields: string[];
  collapsible?: boolean;
  collapsed?: boolean;
}

/**
 * SectionedObjectTemplate lays the root of a generated form out in its sections (ui.sections):
 * each section a titled block, collapsible where the form says so, with the fields outside any
 * section where they fall. Objects below the root, and forms without sections, are Ant
 * Design's own layout.
 */
export function SectionedObjectTemplate(props: ObjectFieldTemplateProps) {
  const sections = (props.uiSchema?.['ui:sections'] ?? []) as RenderedSection[];
  if (props.fieldPathId.$id !== 'root' || sections.length === 0) return <AntdObject {...props} />;
  const byName = new Map(props.properties.map((p) => [p.name, p]));
  const cells = (names: string[]) =>
    names
      .map((n) => byName.get(n))
      .filter((p) => p !== undefined && !p.hidden)
      .map((p) => (
        <Col key={p!.name} span={24}>
          {p!.content}
        </Col>
      ));
  const laid = blocks(
    props.properties.map((p) => p.name),
    sections,
  );
  return (
    <fieldset id={props.fieldPathId.$id}>
      <Row gutter={24}>
        {laid.map((b) => {
          if ('field' in b) return cells([b.field]);
          const s = sections[b.section]!;
          const body = <Row gutter={24}>{cells(b.fields)}</Row>;
          return (
            <Col span={24} key={`section-${b.section}`} data-testid={`form-section-${b.section}`}>
              {s.collapsible ? (
                <Collapse
                  size="small"
                  style={{ marginBottom: 16 }}
                  defaultActiveKey={s.collapsed ? [] : ['s']}
                  items={[{ key: 's', label: s.title, children: body, forceRender: true }]}
                />
              ) : (
                <div className="fl-form-section">
                  <Typography.Title level={5} className="fl-form-section-title">
                    {s.title}
                  </Typography.Title>
                  {body}
                </div>
              )}
            </Col>
          );
        })}
      </Row>
    </fieldset>
  );
}
