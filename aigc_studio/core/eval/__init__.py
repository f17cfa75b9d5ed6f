"""Evaluation of trained models (issue 9, item 5): FID and KID in the studio's own image feature space, the
memorisation check and a diversity figure for image models, held-out loss and perplexity for text models, the
held-out log-spectral distance for audio models; :func:`aigc_studio.core.eval.card.record_in_card` writes the
figures into a model card. This layer sits above training (it reuses the trainers' data readers and measures)
and below jobs (the "evaluate" job and the eval-after-training hook)."""
