//! [`DlqListing`]: a DLQ page at an offset, the full-page form every caller but the API's
//! listings wants, over [`DlqStore::list_dlq_page`].

use async_trait::async_trait;

use crate::engine::listing::DlqStart;
use crate::engine::model::{DlqEntry, DlqFilter, Page};
use crate::store::{DlqStore, StoreError};

#[async_trait]
pub trait DlqListing {
    /// Newest first: the full page at `offset` (see [`DlqStart::Offset`]).
    async fn list_dlq(
        &self,
        filter: &DlqFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<DlqEntry>, StoreError>;
}

#[async_trait]
impl<T: DlqStore + ?Sized> DlqListing for T {
    async fn list_dlq(
        &self,
        filter: &DlqFilter,
        limit: u32,
        offset: u64,
    ) -> Result<Page<DlqEntry>, StoreError> {
        let page = self
            .list_dlq_page(filter, limit, DlqStart::Offset(offset))
            .await?;
        Ok(Page {
            items: page.items,
            total: page.total,
        })
    }
}
