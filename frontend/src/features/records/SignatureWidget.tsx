import { EditOutlined } from '@ant-design/icons';
import type { WidgetProps } from '@rjsf/utils';
import { Button, Grid, Modal, Space, Typography } from 'antd';
import { useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { FilesPick } from '../forms/schemaForm';
import { UploadsContext } from '../forms/uploads';
import { SignaturePad, type SignaturePadHandle } from './SignaturePad';
import { uploadProblem, uploadTo } from './uploadTo';

const BOX = { width: 240, height: 96 };

/**
 * SignatureWidget takes a handwritten signature (手写签名): 点击签名 opens a pad (the whole
 * screen on a phone), and 确定 uploads the drawing as one PNG whose ID becomes the field's
 * value, as an attachment's would. The signature shows in the form; 重签 draws it again
 * and 清除 empties the field. A signature the record already holds shows from the record.
 */
export function SignatureWidget({ options, value, disabled, readonly, label, onChange }: WidgetProps) {
  const { t } = useTranslation('enduser');
  const api = useApi();
  const uploads = useContext(UploadsContext);
  const phone = Grid.useBreakpoint().md === false;
  const pick = options.files as FilesPick | undefined;
  const held = Array.isArray(value) && typeof value[0] === 'string' ? (value[0] as string) : undefined;
  const [drawn, setDrawn] = useState<{ id: string; url: string }>();
  const [open, setOpen] = useState(false);
  const [inked, setInked] = useState(false);
  const [sending, setSending] = useState(false);
  const [problem, setProblem] = useState('');
  const pad = useRef<SignaturePadHandle>(null);

  // The drawing's local copy lives as long as it is shown.
  useEffect(() => () => drawn && URL.revokeObjectURL(drawn.url), [drawn]);

  if (!pick) return null;
  const off = disabled || readonly || pick.preview === true;
  // A signature drawn here shows from the browser's copy: the server serves files only
  // through the record that holds them.
  const src = held === undefined ? undefined : drawn?.id === held ? drawn.url : pick.record ? api.fileUrl(pick.ws, pick.app, pick.form, pick.record, held) : undefined;

  const openPad = () => {
    setInked(false);
    setProblem('');
    setOpen(true);
  };

  const confirm = async () => {
    const png = await pad.current?.toPng();
    if (!png) return;
    setSending(true);
    setProblem('');
    const done = uploads?.begin();
    try {
      const file = new File([png], `${label || t('signature.file')}.png`, { type: 'image/png' });
      const info = await uploadTo(api, pick, file);
      setDrawn({ id: info.id, url: URL.createObjectURL(png) });
      onChange([info.id]);
      setOpen(false);
    } catch (err) {
      setProblem(uploadProblem(err));
    } finally {
      done?.();
      setSending(false);
    }
  };

  return (
    <Space direction="vertical" size={6} data-testid={`signature-${pick.field}`}>
      {held === undefined ? (
        <Button
          icon={<EditOutlined />}
          disabled={off}
          onClick={openPad}
          style={{ width: phone ? '100%' : BOX.width, height: BOX.height, borderStyle: 'dashed' }}
          data-testid="signature-open"
        >
          {t('signature.sign')}
        </Button>
      ) : (
        <Space wrap size={8} align="end">
          {src ? (
            <img src={src} alt={label} data-testid="signature-image" style={{ ...BOX, objectFit: 'contain', border: '1px solid #f0f0f0', borderRadius: 6, background: '#fff' }} />
          ) : (
            <Typography.Text>{t('signature.signed')}</Typography.Text>
          )}
          {!off && (
            <Space size={4}>
              <Button size="small" onClick={openPad} data-testid="signature-again">
                {t('signature.again')}
              </Button>
              <Button size="small" danger onClick={() => onChange(undefined)} data-testid="signature-clear">
                {t('signature.clear')}
              </Button>
            </Space>
          )}
        </Space>
      )}
      <Modal
        open={open}
        title={label || t('signature.sign')}
        width={phone ? '100%' : 640}
        style={phone ? { top: 0, maxWidth: '100vw', margin: 0, padding: 0 } : undefined}
        destroyOnHidden
        maskClosable={false}
        onCancel={() => setOpen(false)}
        footer={[
          <Button key="clear" onClick={() => pad.current?.clear()} data-testid="signature-pad-clear">
            {t('signature.clear')}
          </Button>,
          <Button key="cancel" onClick={() => setOpen(false)}>
            {t('signature.cancel')}
          </Button>,
          <Button key="ok" type="primary" disabled={!inked} loading={sending} onClick={() => void confirm()} data-testid="signature-ok">
            {t('signature.ok')}
          </Button>,
        ]}
      >
        <Typography.Paragraph type="secondary">{t('signature.hint')}</Typography.Paragraph>
        <SignaturePad ref={pad} height={phone ? 280 : 220} onInk={setInked} />
        {problem && (
          <Typography.Text type="danger" data-testid="signature-problem">
            {problem}
          </Typography.Text>
        )}
      </Modal>
    </Space>
  );
}
