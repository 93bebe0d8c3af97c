import { DownloadOutlined, FilePdfOutlined } from '@ant-design/icons';
import { Image, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FileInfo } from '../../shared/api/types';
import { fileKind, fileSize } from './files';

/**
 * Attachments shows a field's files on the record page: images as thumbnails that open
 * antd's preview (zoom, rotate, next), PDFs opened in the browser's own viewer in a new tab,
 * other files as download links with their name and size. Files whose facts are not known
 * (the list failed) still get a link. A drawn image (a signature) shows whole, wider and
 * uncropped, since a thumbnail would cut the name it spells.
 */
export function Attachments({ ids, files, url, whole }: { ids: string[]; files: Map<string, FileInfo>; url: (file: string) => string; whole?: boolean }) {
  const { t, i18n } = useTranslation('enduser');
  const known = ids.map((id) => ({ id, info: files.get(id) }));
  const images = known.filter((f) => f.info && fileKind(f.info.contentType) === 'image');
  const rest = known.filter((f) => !images.includes(f));
  return (
    <Space direction="vertical" size={8} data-testid="attachments">
      {images.length > 0 && (
        <Image.PreviewGroup>
          <Space wrap size={8}>
            {images.map((f) => (
              <Image
                key={f.id}
                src={url(f.id)}
                alt={f.info?.name}
                width={whole ? 240 : 96}
                height={whole ? 96 : 72}
                style={{ objectFit: whole ? 'contain' : 'cover', borderRadius: 4, border: '1px solid #eee', background: '#fff' }}
                data-testid="attachment-image"
              />
            ))}
          </Space>
        </Image.PreviewGroup>
      )}
      {rest.map((f, i) => {
        const pdf = f.info && fileKind(f.info.contentType) === 'pdf';
        const name = f.info?.name ?? `${t('attachments')} ${i + 1}`;
        return (
          <Space key={f.id} size={6}>
            {pdf ? <FilePdfOutlined /> : <DownloadOutlined />}
            <a
              href={url(f.id)}
              target={pdf ? '_blank' : undefined}
              rel="noreferrer"
              download={pdf ? undefined : name}
              data-testid={pdf ? 'attachment-pdf' : 'attachment-file'}
            >
              {name}
            </a>
            {f.info && <Typography.Text type="secondary">{fileSize(f.info.size, i18n.language)}</Typography.Text>}
          </Space>
        );
      })}
    </Space>
  );
}
