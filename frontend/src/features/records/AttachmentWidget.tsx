import { DeleteOutlined, FileImageOutlined, FilePdfOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import type { WidgetProps } from '@rjsf/utils';
import { Button, Grid, Space, Spin, Typography, Upload, type UploadProps } from 'antd';
import { useContext, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { FileInfo } from '../../shared/api/types';
import type { FilesPick } from '../forms/schemaForm';
import { UploadsContext } from '../forms/uploads';
import { acceptAttribute, fileKind, fileRefusal, fileSize, inPickOrder } from './files';
import { uploadProblem, uploadTo } from './uploadTo';

/** A file on its way to the server, shown until it is stored or refused. */
interface Sending {
  uid: number;
  name: string;
  /** The share sent so far, 0 to 1. */
  sent: number;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function KindIcon({ info }: { info?: FileInfo }) {
  const kind = info ? fileKind(info.contentType) : 'other';
  if (kind === 'image') return <FileImageOutlined />;
  if (kind === 'pdf') return <FilePdfOutlined />;
  return <PaperClipOutlined />;
}

/**
 * AttachmentWidget uploads files to an attachment field as they are picked, and holds their
 * IDs as the field's value: the record's save then attaches them (the server refuses IDs
 * not uploaded to this field). Each file is checked against the field's size and count
 * first; what the server refuses (a type the field does not take) is said under the field,
 * naming the file. Files the record already holds are named and open from the list; a file
 * removed here stays with the record's history, as the timeline names it.
 */
export function AttachmentWidget({ id, options, value, disabled, readonly, onChange }: WidgetProps) {
  const { t, i18n } = useTranslation('enduser');
  const api = useApi();
  const uploads = useContext(UploadsContext);
  const phone = Grid.useBreakpoint().md === false;
  const pick = options.files as FilesPick | undefined;
  const ids = stringList(value);
  // Several files picked at once upload side by side; each adds to the latest list, which
  // follows the value the form holds.
  const latest = useRef(ids);
  useEffect(() => {
    latest.current = stringList(value);
  }, [value]);
  const [infos, setInfos] = useState<ReadonlyMap<string, FileInfo>>(new Map());
  const [sending, setSending] = useState<Sending[]>([]);
  const inFlight = useRef(0);
  const nextUid = useRef(0);
  const pickedAt = useRef(new Map<string, number>());
  const [problems, setProblems] = useState<string[]>([]);
  const [attached, setAttached] = useState<ReadonlySet<string>>(new Set());
  // Photos picked here show from the browser's copy until the record holds them.
  const [local, setLocal] = useState<ReadonlyMap<string, string>>(new Map());
  const localUrls = useRef<string[]>([]);
  useEffect(() => () => localUrls.current.forEach((u) => URL.revokeObjectURL(u)), []);

  // The files the record holds are named once, from the record's own list.
  const record = pick?.record;
  useEffect(() => {
    if (!pick || !record || latest.current.length === 0) return;
    let live = true;
    api
      .recordFiles(pick.ws, pick.app, pick.form, record)
      .then((list) => {
        if (!live) return;
        setInfos((prev) => new Map([...prev, ...list.map((f) => [f.id, f] as const)]));
        setAttached(new Set(list.map((f) => f.id)));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
    // Asked once per record: later uploads are known from their answers.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, record]);

  if (!pick) return null;
  const off = disabled || readonly || pick.preview === true;
  const limits = { maxCount: pick.maxCount, maxSize: pick.maxSize };
  const full = limits.maxCount !== undefined && ids.length + sending.length >= limits.maxCount;

  const send = async (file: File) => {
    const refused = fileRefusal(file.size, limits, latest.current.length + inFlight.current);
    if (refused) {
      const limit = refused.reason === 'tooLarge' ? fileSize(refused.limit, i18n.language) : refused.limit;
      setProblems((p) => [...p, t(`files.${refused.reason}`, { name: file.name, limit })]);
      return;
    }
    const uid = nextUid.current++;
    const done = uploads?.begin();
    inFlight.current++;
    setSending((s) => [...s, { uid, name: file.name, sent: 0 }]);
    try {
      const info = await uploadTo(api, pick, file, (sent) => setSending((s) => s.map((x) => (x.uid === uid ? { ...x, sent } : x))));
      setInfos((prev) => new Map(prev).set(info.id, info));
      if (fileKind(info.contentType) === 'image') {
        const url = URL.createObjectURL(file);
        localUrls.current.push(url);
        setLocal((prev) => new Map(prev).set(info.id, url));
      }
      pickedAt.current.set(info.id, uid);
      latest.current = inPickOrder(latest.current, info.id, pickedAt.current);
      onChange(latest.current);
    } catch (err) {
      // The server names the field by its pointer; here the field is the one on screen, so
      // its message goes under it with the file's name.
      setProblems((p) => [...p, t('files.refused', { name: file.name, message: uploadProblem(err) })]);
    } finally {
      done?.();
      inFlight.current--;
      setSending((s) => s.filter((x) => x.uid !== uid));
    }
  };

  const remove = (file: string) => {
    const rest = latest.current.filter((x) => x !== file);
    latest.current = rest;
    // An empty list is no value, so that a required field asks for a file again.
    onChange(rest.length > 0 ? rest : undefined);
  };

  // An image shows as a small picture, so that a photo taken on a phone is seen before saving.
  const thumb = (file: string, info: FileInfo | undefined) => {
    if (!info || fileKind(info.contentType) !== 'image') return undefined;
    const src = local.get(file) ?? (record && attached.has(file) ? api.fileUrl(pick.ws, pick.app, pick.form, record, file) : undefined);
    return src ? <img src={src} alt="" style={{ width: 40, height: 40, objectFit: 'cover', borderRadius: 4, border: '1px solid #f0f0f0' }} data-testid="files-thumb" /> : undefined;
  };

  const hint = [
    limits.maxCount !== undefined ? t('files.maxCount', { count: limits.maxCount }) : '',
    limits.maxSize !== undefined ? t('files.maxSize', { size: fileSize(limits.maxSize, i18n.language) }) : '',
  ].filter(Boolean);

  const hintText = hint.length > 0 ? <Typography.Text type="secondary">{hint.join(t('files.hintSeparator'))}</Typography.Text> : null;
  const uploadProps: UploadProps = {
    id,
    multiple: limits.maxCount !== 1,
    accept: acceptAttribute(pick.accept),
    showUploadList: false,
    disabled: off || full,
    beforeUpload: (file) => {
      setProblems([]);
      void send(file);
      return false;
    },
  };

  return (
    <Space direction="vertical" size={6} style={{ width: '100%' }} data-testid={`files-${pick.field}`}>
      {phone ? (
        <Space wrap size={8} style={{ width: '100%' }}>
          <Upload {...uploadProps}>
            <Button icon={<UploadOutlined />} disabled={off || full} block data-testid="files-pick">
              {t('files.pick')}
            </Button>
          </Upload>
          {hintText}
        </Space>
      ) : (
        // On a desktop files are also dropped from the file manager onto the field.
        <Upload.Dragger {...uploadProps} style={{ padding: '4px 12px' }} data-testid="files-drop">
          <Space size={8} wrap style={{ justifyContent: 'center' }}>
            <Button icon={<UploadOutlined />} disabled={off || full} data-testid="files-pick">
              {t('files.pick')}
            </Button>
            <Typography.Text type="secondary">{t('files.drop')}</Typography.Text>
            {hintText}
          </Space>
        </Upload.Dragger>
      )}
      {ids.map((file, i) => {
        const info = infos.get(file);
        const name = info?.name ?? `${t('attachments')} ${i + 1}`;
        return (
          <Space key={file} size={6} style={{ maxWidth: '100%' }} data-testid="files-item">
            {thumb(file, info) ?? <KindIcon info={info} />}
            {record && attached.has(file) ? (
              <a href={api.fileUrl(pick.ws, pick.app, pick.form, record, file)} target="_blank" rel="noreferrer" style={{ wordBreak: 'break-all' }}>
                {name}
              </a>
            ) : (
              <Typography.Text style={{ wordBreak: 'break-all' }}>{name}</Typography.Text>
            )}
            {info && <Typography.Text type="secondary">{fileSize(info.size, i18n.language)}</Typography.Text>}
            {!off && (
              <Button
                type="text"
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('files.remove', { name })}
                onClick={() => remove(file)}
                data-testid="files-remove"
              />
            )}
          </Space>
        );
      })}
      {sending.map((s) => (
        <Space key={s.uid} size={6} data-testid="files-sending">
          <Spin size="small" />
          <Typography.Text type="secondary">{t('files.sending', { name: s.name, percent: Math.floor(s.sent * 100) })}</Typography.Text>
        </Space>
      ))}
      {problems.map((p, i) => (
        <Typography.Text key={i} type="danger" data-testid="files-problem">
          {p}
        </Typography.Text>
      ))}
    </Space>
  );
}
