import { Alert, Button, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApi } from '../../shared/api/ApiContext';
import type { Member, ReissuedLink } from '../../shared/api/types';
import { errorMessage } from '../../shared/lib/apiErrors';
import { LinkResult } from './LinkResult';

interface Props {
  ws: string;
  /** The member the link is for; the modal is open while set. */
  member?: Member;
  onClose: () => void;
}

/**
 * SetupLinkModal makes a new one-time link for a member and shows it for the admin to pass
 * on: a password reset for someone who has an account (there is no mail-based reset), the
 * invitation again for someone who has not set a password yet. It says what the link does
 * before making it, since making it voids the links made before.
 */
export function SetupLinkModal({ ws, member, onClose }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const [made, setMade] = useState<ReissuedLink>();
  const [making, setMaking] = useState(false);
  const [error, setError] = useState('');

  // A modal opened for another member starts over (set in the render that sees the change).
  const [shownFor, setShownFor] = useState(member?.userId);
  if (member?.userId !== shownFor) {
    setShownFor(member?.userId);
    setMade(undefined);
    setError('');
  }

  const name = member ? member.name || member.email : '';
  const pending = member?.status === 'pending';
  const make = async () => {
    if (!member) return;
    setMaking(true);
    setError('');
    try {
      setMade(await api.reissueSetupLink(ws, member.userId));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setMaking(false);
    }
  };

  return (
    <Modal
      title={t(pending ? 'resendTitle' : 'resetTitle', { ns: 'members', name })}
      open={member !== undefined}
      onCancel={onClose}
      destroyOnHidden
      footer={
        made
          ? [
              <Button key="close" type="primary" onClick={onClose}>
                {t('common.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button key="ok" type="primary" loading={making} onClick={make} data-testid="setup-link-make">
                {t('makeLink', { ns: 'members' })}
              </Button>,
            ]
      }
    >
      {made ? (
        <LinkResult
          title={t(made.reset ? 'resetLink' : 'setupLink', { ns: 'members' })}
          hint={t(made.reset ? 'resetLinkHint' : 'setupLinkHint', { ns: 'members', email: member?.email })}
          url={made.setup.url}
        />
      ) : (
        <>
          <Typography.Paragraph>{t(pending ? 'resendIntro' : 'resetIntro', { ns: 'members', name })}</Typography.Paragraph>
          {error && <Alert type="error" showIcon message={error} data-testid="setup-link-error" />}
        </>
      )}
    </Modal>
  );
}
